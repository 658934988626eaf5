using System.Globalization;
using System.Text;

namespace EBallroom.Portal.Infrastructure.Text;

public static class TextFolding
{
    /// <summary>Trims, drops control characters, and turns an empty result into null.</summary>
    public static string? Clean(string? value)
    {
        if (value is null) return null;
        var span = value.AsSpan().Trim();
        if (span.IsEmpty) return null;
        if (!span.ContainsAny(ControlChars)) return span.ToString();
        var sb = new StringBuilder(span.Length);
        foreach (var c in span) if (!char.IsControl(c)) sb.Append(c);
        var cleaned = sb.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>Lower case without accents, for search: "Zoë O'Brien" becomes "zoe o'brien".</summary>
    public static string Fold(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private static readonly System.Buffers.SearchValues<char> ControlChars =
        System.Buffers.SearchValues.Create(Enumerable.Range(0, 32).Select(i => (char)i).Append((char)127).ToArray());
}
