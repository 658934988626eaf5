using System.Globalization;
using System.Text;
using EBallroom.Portal.Features.Clients;

namespace EBallroom.Portal.Features.Matching;

/// <summary>The normalisations and index keys shared by clients and registrations.</summary>
public static class MatchKeys
{
    public const int KeyMaxLength = 8;

    /// <summary>Trimmed and case-folded, nothing else: dots and plus-tags are different mailboxes at many providers.</summary>
    public static string? NormalizeEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    /// <summary>E.164 when libphonenumber reads it for the region; otherwise its digits (at least 5), so "555 0142" still compares.</summary>
    public static string? NormalizePhone(string? phone, string region)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var e164 = PhoneFormat.ToE164(phone.Trim(), region);
        if (e164 is not null) return e164;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 5 ? digits : null;
    }

    /// <summary>Letters only, lower case, no accents: "O'Brien-Smith" and "obrien smith" fold alike.</summary>
    public static string FoldName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetter(c)) sb.Append(char.ToLowerInvariant(c));
        }
        // Letters that do not decompose (ß, ø, æ, ł) still fold to plain ones.
        return sb.Replace("ß", "ss").Replace("ø", "o").Replace("æ", "ae").Replace("ł", "l").Replace("đ", "d").ToString();
    }

    /// <summary>The phonetic code of the formal name behind a first name: Bob, Bobby and Robert share a key.</summary>
    public static string FirstNameKey(string? firstName) => Soundex(Nicknames.Formal(FoldName(firstName)));

    public static string LastNameKey(string? lastName) => Soundex(FoldName(lastName));

    /// <summary>American Soundex of folded letters: tolerant of many misspellings, and short enough to index.</summary>
    public static string Soundex(string folded)
    {
        if (folded.Length == 0) return "";
        var sb = new StringBuilder(4);
        sb.Append(char.ToUpperInvariant(folded[0]));
        var last = Code(folded[0]);
        for (var i = 1; i < folded.Length && sb.Length < 4; i++)
        {
            var c = folded[i];
            var code = Code(c);
            if (code != '0' && code != last) sb.Append(code);
            // h and w do not separate two letters of the same code; vowels do.
            if (c is not ('h' or 'w')) last = code;
        }
        return sb.ToString().PadRight(4, '0');
    }

    private static char Code(char c) => c switch
    {
        'b' or 'f' or 'p' or 'v' => '1',
        'c' or 'g' or 'j' or 'k' or 'q' or 's' or 'x' or 'z' => '2',
        'd' or 't' => '3',
        'l' => '4',
        'm' or 'n' => '5',
        'r' => '6',
        _ => '0',
    };
}
