using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EBallroom.Portal.Infrastructure.Identity;

/// <summary>
/// Identity's hasher for passwords people choose (PBKDF2), plus the fast check for temporary ones, which also refuses
/// a temporary password after its expiry. A verified temporary password is never rehashed: it is replaced at sign-in.
/// </summary>
public sealed class PortalPasswordHasher(IOptions<PasswordHasherOptions> options, TimeProvider time)
    : IPasswordHasher<PortalUser>
{
    private readonly PasswordHasher<PortalUser> _slow = new(options);

    public string HashPassword(PortalUser user, string password) => _slow.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
    {
        return TemporaryPasswords.Check(hashedPassword, user.TemporaryPasswordExpiresAtUtc, providedPassword, time.GetUtcNow().UtcDateTime) switch
        {
            TemporaryPasswords.Outcome.NotTemporary => _slow.VerifyHashedPassword(user, hashedPassword, providedPassword),
            TemporaryPasswords.Outcome.Valid => PasswordVerificationResult.Success,
            _ => PasswordVerificationResult.Failed,
        };
    }
}
