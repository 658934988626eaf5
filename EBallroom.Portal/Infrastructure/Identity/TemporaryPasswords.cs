using System.Security.Cryptography;
using System.Text;

namespace EBallroom.Portal.Infrastructure.Identity;

/// <summary>
/// Temporary passwords of auto-generated accounts: random, from an alphabet without look-alike characters, shown in
/// groups of five. Being high-entropy random secrets, they are stored with a fast salted hash (HMAC-SHA-256 with a
/// random salt; NIST SP 800-63B), marked by a prefix that Identity's own hash formats never start with.
/// </summary>
public static class TemporaryPasswords
{
    /// <summary>No 0/O/o, 1/l/I/i: what a customer copies from an email must not be misread.</summary>
    public const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    public const int Length = 15;
    public const string HashPrefix = "T1$";

    /// <summary>log2(55) × 15 ≈ 86.7 bits.</summary>
    public static double EntropyBits => Length * Math.Log2(Alphabet.Length);

    public static string Generate()
    {
        Span<char> chars = stackalloc char[Length + Length / 5 - 1];
        var at = 0;
        for (var i = 0; i < Length; i++)
        {
            if (i > 0 && i % 5 == 0) chars[at++] = '-';
            chars[at++] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return new string(chars);
    }

    public static bool IsTemporaryHash(string? hash) => hash is not null && hash.StartsWith(HashPrefix, StringComparison.Ordinal);

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"{HashPrefix}{Convert.ToBase64String(salt)}${Convert.ToBase64String(Mac(salt, password))}";
    }

    public static bool Verify(string hash, string password)
    {
        var parts = hash[HashPrefix.Length..].Split('$');
        if (parts.Length != 2) return false;
        try
        {
            return CryptographicOperations.FixedTimeEquals(Mac(Convert.FromBase64String(parts[0]), password), Convert.FromBase64String(parts[1]));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public enum Outcome { NotTemporary, Valid, Expired, Wrong }

    /// <summary>
    /// How <paramref name="password"/> fares against an account's stored temporary hash: the hasher lets only
    /// <see cref="Outcome.Valid"/> sign in, and the sign-in page tells <see cref="Outcome.Expired"/> (the right secret, too
    /// late) from a plain failure. An account without an expiry has no working temporary password.
    /// </summary>
    public static Outcome Check(string? hash, DateTime? expiresAtUtc, string password, DateTime nowUtc) =>
        !IsTemporaryHash(hash) ? Outcome.NotTemporary
        : !Verify(hash!, password) ? Outcome.Wrong
        : expiresAtUtc is { } expires && expires > nowUtc ? Outcome.Valid
        : Outcome.Expired;

    /// <summary>The dashes are only for reading: "abcde-fghjk-mnpqr", "abcdefghjkmnpqr" and "abcde fghjk mnpqr" all sign in.</summary>
    private static byte[] Mac(byte[] salt, string password) =>
        HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(new string(password.Where(c => c is not ('-' or ' ')).ToArray())));
}
