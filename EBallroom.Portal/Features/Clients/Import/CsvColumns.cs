namespace EBallroom.Portal.Features.Clients.Import;

public static class CsvColumns
{
    /// <summary>
    /// Where each expected column is in a header line (any order, any case, a byte order mark allowed); a header that
    /// lacks one, repeats one or adds another is a file error naming what is wrong.
    /// </summary>
    public static int[] Map(IReadOnlyList<string> header, IReadOnlyList<string> expected)
    {
        var names = header.Select((h, i) => (i == 0 ? h.TrimStart('\uFEFF') : h).Trim().ToLowerInvariant()).ToArray();
        var missing = expected.Where(c => !names.Contains(c)).ToArray();
        var unknown = names.Where(n => !expected.Contains(n)).ToArray();
        if (missing.Length > 0 || unknown.Length > 0 || names.Length != expected.Count)
        {
            var problems = new List<string>();
            if (missing.Length > 0) problems.Add("missing " + string.Join(", ", missing));
            if (unknown.Length > 0) problems.Add("unexpected " + string.Join(", ", unknown.Select(u => u.Length > 40 ? u[..40] + "…" : u)));
            if (problems.Count == 0) problems.Add("a column appears twice");
            throw new ImportFileException($"The first line must name the columns {string.Join(",", expected)} ({string.Join("; ", problems)}).");
        }
        return expected.Select(c => Array.IndexOf(names, c)).ToArray();
    }

    /// <summary>ISO dates first; then the region's customary order (month first in the US).</summary>
    public static bool TryParseDate(string raw, string region, out DateOnly date)
    {
        string[] formats = region == "US" ? ["yyyy-MM-dd", "M/d/yyyy"] : ["yyyy-MM-dd", "d/M/yyyy", "d.M.yyyy"];
        return DateOnly.TryParseExact(raw, formats, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out date);
    }
}
