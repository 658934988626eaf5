using System.Globalization;
using System.Text;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Clients.Import;
using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Infrastructure.Text;

namespace EBallroom.Portal.Features.Matching;

/// <summary>
/// <c>match --clients CLIENTS.csv --registrations REGISTRATIONS.csv [--out DECISIONS.csv] [--region US]</c>: the matcher
/// over files, for studios checking a list and for evaluating the matcher. Malformed rows are reported and skipped.
/// </summary>
public static class MatchCommand
{
    public static readonly string[] RegistrationColumns = ["registration_id", "first_name", "last_name", "email", "phone", "date_of_birth"];

    public static readonly CliVerb Match = new(
        "match", "Matches registrations against clients from CSV files and writes one decision per registration.",
        "match --clients CLIENTS.csv --registrations REGISTRATIONS.csv [--out DECISIONS.csv] [--region US]",
        ["--clients", "--registrations"], ["--out", "--region"], [], RunAsync, NeedsDatabase: false);

    private static async Task<int> RunAsync(CliContext ctx)
    {
        var region = (ctx.OptionalOption("--region") ?? "US").Trim().ToUpperInvariant();
        if (!PhoneFormat.IsKnownRegion(region)) return ctx.Fail($"'{region}' is not a region code (use two letters, like US or GB).");
        foreach (var option in new[] { "--clients", "--registrations" })
            if (!File.Exists(ctx.Option(option))) return ctx.Fail($"the file {ctx.Option(option)} does not exist.");

        var clientIds = new List<string>();
        var clients = new List<MatchClient>();
        try
        {
            await ReadAsync(ctx.Option("--clients"), ClientImporter.Columns, ctx.Error, (line, f) =>
            {
                var (first, last, email, phone, birth, problem) = Person(f, region, emailRequired: false);
                if (problem is not null) return problem;
                if (f[0].Trim().Length == 0) return "client_id is empty.";
                clientIds.Add(f[0].Trim());
                clients.Add(new MatchClient(clientIds.Count - 1, first!, last!, email, MatchKeys.NormalizePhone(phone, region), birth));
                return null;
            });
            var index = new MatchIndex(clients, region);

            await using var output = ctx.OptionalOption("--out") is { } path ? new StreamWriter(path, false, new UTF8Encoding(false)) : null;
            var writer = output ?? ctx.Out;
            await writer.WriteLineAsync("registration_id,decision,client_id,candidates");
            var counts = new Dictionary<MatchDecision, int>();
            await ReadAsync(ctx.Option("--registrations"), RegistrationColumns, ctx.Error, (line, f) =>
            {
                var (first, last, email, phone, birth, problem) = Person(f, region, emailRequired: true);
                if (problem is not null) return problem;
                var result = index.Match(new Registration(first!, last!, email!, phone, birth));
                counts[result.Decision] = counts.GetValueOrDefault(result.Decision) + 1;
                var clientId = result.LinkedClientId ?? (result.Decision == MatchDecision.Review ? result.Top?.ClientId : null);
                var candidates = string.Join("|", result.Candidates.Select(c => $"{clientIds[c.ClientId]}:{c.Score.ToString("0.000", CultureInfo.InvariantCulture)}"));
                writer.WriteLine(string.Join(",", Csv(f[0].Trim()), result.Decision.ToString().ToLowerInvariant(),
                    clientId is { } id ? Csv(clientIds[id]) : "", Csv(candidates)));
                return null;
            });
            if (output is not null)
                ctx.Out.WriteLine($"{counts.Values.Sum()} decisions: {counts.GetValueOrDefault(MatchDecision.Link)} link, " +
                    $"{counts.GetValueOrDefault(MatchDecision.Review)} review, {counts.GetValueOrDefault(MatchDecision.New)} new.");
        }
        catch (ImportFileException e)
        {
            return ctx.Fail(e.Message);
        }
        catch (DecoderFallbackException)
        {
            return ctx.Fail("a file is not UTF-8 text. Save it as CSV UTF-8.");
        }
        return ExitCodes.Success;
    }

    /// <summary>Reads a CSV file row by row; a row the handler refuses is reported on stderr with its line, and skipped.</summary>
    private static async Task ReadAsync(string path, IReadOnlyList<string> columns, TextWriter error, Func<int, string[], string?> handle)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
        var csv = new CsvRecordReader(reader);
        var header = await csv.ReadAsync() ?? throw new ImportFileException($"{path} is empty.");
        var map = CsvColumns.Map(header.Fields, columns);
        var name = Path.GetFileName(path);
        while (await csv.ReadAsync() is { } record)
        {
            string? problem;
            if (record.Malformed) problem = "badly quoted field.";
            else if (record.Fields.Count != columns.Count) problem = $"expected {columns.Count} fields, found {record.Fields.Count}.";
            else
            {
                try
                {
                    problem = handle(record.Line, map.Select(i => record.Fields[i]).ToArray());
                }
                catch (Exception e) when (e is not (ImportFileException or IOException))
                {
                    // One odd row must not end the run for the thousands after it.
                    problem = $"could not be matched ({e.GetType().Name}).";
                }
            }
            if (problem is not null) error.WriteLine($"{name} line {record.Line}: {problem} Skipped.");
        }
    }

    private static (string? First, string? Last, string? Email, string? Phone, DateOnly? Birth, string? Problem) Person(string[] f, string region, bool emailRequired)
    {
        var first = TextFolding.Clean(f[1]);
        var last = TextFolding.Clean(f[2]);
        var email = TextFolding.Clean(f[3]);
        if (first is null || last is null) return (null, null, null, null, null, "first_name and last_name are required.");
        if (first.Length > ClientRules.NameMaxLength || last.Length > ClientRules.NameMaxLength) return (null, null, null, null, null, "a name is too long.");
        if (emailRequired && email is null) return (null, null, null, null, null, "email is required.");
        if (email is not null && !ClientRules.IsValidEmail(email.Trim())) return (null, null, null, null, null, "email is not a valid address.");
        DateOnly? birth = null;
        if (TextFolding.Clean(f[5]) is { } rawDate)
        {
            if (!CsvColumns.TryParseDate(rawDate, region, out var parsed)) return (null, null, null, null, null, $"date_of_birth is not a date (use YYYY-MM-DD).");
            birth = parsed;
        }
        return (first, last, email, TextFolding.Clean(f[4]), birth, null);
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
