using EBallroom.Portal.Infrastructure.Text;

namespace EBallroom.Portal.Features.Clients;

/// <summary>The grid's search: every word typed must appear in the client's folded name, email or phone digits.</summary>
public static class ClientSearch
{
    public const int MaxTermLength = 100;

    public static string BuildSearchText(string first, string last, string? email, string? phone)
    {
        var digits = phone is null ? "" : new string(phone.Where(char.IsAsciiDigit).ToArray());
        // The national number without the country code too, so "5551234" finds "+15551234...".
        var national = digits.Length > 10 ? digits[^10..] : "";
        return TextFolding.Fold($"{first} {last} {email} {digits} {national}").Trim();
    }

    /// <summary>The words of a search, folded; a word of digits and phone punctuation becomes its digits.</summary>
    public static IReadOnlyList<string> Terms(string? search)
    {
        var cleaned = TextFolding.Clean(search);
        if (cleaned is null) return [];
        if (cleaned.Length > MaxTermLength) cleaned = cleaned[..MaxTermLength];
        if (LooksLikePhone(cleaned)) return [new string(cleaned.Where(char.IsAsciiDigit).ToArray())];
        return TextFolding.Fold(cleaned)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct()
            .Take(5)
            .ToArray();
    }

    private static bool LooksLikePhone(string s) =>
        s.Count(char.IsAsciiDigit) >= 3 && s.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '.' or '+');
}
