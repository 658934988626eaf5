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
        if (!TemporaryPasswords.IsTemporaryHash(hashedPassword)) return _slow.VerifyHashedPassword(user, hashedPassword, providedPassword);
        var expired = user.TemporaryPasswordExpiresAtUtc is not { } expires || expires <= time.GetUtcNow().UtcDateTime;
        return !expired && TemporaryPasswords.Verify(hashedPassword, providedPassword)
            ? PasswordVerificationResult.Success
            : PasswordVerificationResult.Failed;
    }
}
