using Microsoft.AspNetCore.Identity;

namespace EBallroom.Portal.Infrastructure.Identity;

/// <summary>
/// NIST SP 800-63B: 8 to 128 characters, no composition rules, and no password from the lists attackers try first.
/// </summary>
public sealed class PasswordRules<TUser> : IPasswordValidator<TUser> where TUser : class
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    public Task<IdentityResult> ValidateAsync(UserManager<TUser> manager, TUser user, string? password)
    {
        if (password is null || password.Length < MinLength)
            return Fail("PasswordTooShort", $"Use at least {MinLength} characters.");
        if (password.Length > MaxLength)
            return Fail("PasswordTooLong", $"Use at most {MaxLength} characters.");
        if (CommonPasswords.Contains(password) || password.Distinct().Count() == 1)
            return Fail("PasswordTooCommon", "This password is too common and easy to guess. Choose another one (a few random words work well).");
        return Task.FromResult(IdentityResult.Success);
    }

    private static Task<IdentityResult> Fail(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));

    // The most frequent passwords of public breach corpora that are at least 8 characters long.
    private static readonly HashSet<string> CommonPasswords = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "password1", "password12", "password123", "password1234", "12345678", "123456789", "1234567890",
        "12345678910", "87654321", "11111111", "00000000", "88888888", "qwertyuiop", "qwerty123", "qwerty1234",
        "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "zaq12wsx", "iloveyou", "iloveyou1", "sunshine", "princess", "football",
        "baseball", "welcome1", "welcome123", "abc12345", "abcd1234", "abcdefgh", "letmein1", "trustno1", "superman",
        "starwars", "whatever", "computer", "michelle", "jennifer", "passw0rd", "p@ssw0rd", "p@ssword", "changeme",
        "changeme1", "asdfghjkl", "asdfasdf", "qwertyui", "monkey123", "dragon123", "master123", "shadow123",
        "football1", "baseball1", "charlie1", "michael1", "jessica1", "1234qwer", "q1w2e3r4", "q1w2e3r4t5",
        "admin123", "administrator", "dancing1", "dance123", "ballroom", "ballroom1", "studio123", "salsa123",
        "123123123", "987654321", "123456789a", "a123456789", "password!", "password1!", "qwerty12345",
        "loveyou1", "liverpool", "chelsea1", "arsenal1", "blink182", "pokemon1", "minecraft", "summer2024",
        "summer2025", "summer2026", "winter2025", "winter2026", "spring2026", "autumn2026", "welcome2026",
    };
}
