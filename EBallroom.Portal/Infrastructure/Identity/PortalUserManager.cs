using EBallroom.Portal.Features.Portal;
using EBallroom.Portal.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EBallroom.Portal.Infrastructure.Identity;

/// <summary>
/// Identity's user manager with the portal's two rules on top, wherever the change comes from (the portal's own pages or
/// Identity UI's Manage pages): a password set by any route ends the temporary one, and a change to how the account
/// signs in queues a notice to its owner in the same SaveChanges as the change, through the store's own context.
/// </summary>
public sealed class PortalUserManager(
    IUserStore<PortalUser> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<PortalUser> passwordHasher,
    IEnumerable<IUserValidator<PortalUser>> userValidators, IEnumerable<IPasswordValidator<PortalUser>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<PortalUser>> logger,
    PortalDbContext db, SecurityEmails notices)
    : UserManager<PortalUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override Task<IdentityResult> ChangePasswordAsync(PortalUser user, string currentPassword, string newPassword) =>
        NotifyingAsync(user, SecurityEvent.PasswordChanged, () => EndingTemporaryAsync(user, () => base.ChangePasswordAsync(user, currentPassword, newPassword)));

    public override Task<IdentityResult> ResetPasswordAsync(PortalUser user, string token, string newPassword) =>
        // Replacing a temporary password is the account's first own password, not a change to warn anyone about.
        user.MustChangePassword
            ? EndingTemporaryAsync(user, () => base.ResetPasswordAsync(user, token, newPassword))
            : NotifyingAsync(user, SecurityEvent.PasswordChanged, () => base.ResetPasswordAsync(user, token, newPassword));

    public override Task<IdentityResult> AddPasswordAsync(PortalUser user, string password) =>
        NotifyingAsync(user, SecurityEvent.PasswordChanged, () => EndingTemporaryAsync(user, () => base.AddPasswordAsync(user, password)));

    /// <summary>A password set by any route ends the temporary one, in the same update; a refused password leaves it as it was.</summary>
    private static async Task<IdentityResult> EndingTemporaryAsync(PortalUser user, Func<Task<IdentityResult>> change)
    {
        var expires = user.TemporaryPasswordExpiresAtUtc;
        user.TemporaryPasswordExpiresAtUtc = null;
        var result = await change();
        if (!result.Succeeded) user.TemporaryPasswordExpiresAtUtc = expires;
        return result;
    }

    public override async Task<IdentityResult> SetTwoFactorEnabledAsync(PortalUser user, bool enabled) =>
        enabled == await GetTwoFactorEnabledAsync(user)
            ? await base.SetTwoFactorEnabledAsync(user, enabled)
            : await NotifyingAsync(user, enabled ? SecurityEvent.TwoFactorTurnedOn : SecurityEvent.TwoFactorTurnedOff,
                () => base.SetTwoFactorEnabledAsync(user, enabled));

    public override Task<IdentityResult> AddLoginAsync(PortalUser user, UserLoginInfo login) =>
        NotifyingAsync(user, SecurityEvent.ExternalSignInAdded, () => base.AddLoginAsync(user, login));

    /// <summary>
    /// Queues the notice into the store's context, then lets Identity make the change, whose SaveChanges writes both; a
    /// refused change (wrong current password, a weak new one) takes the notice back.
    /// </summary>
    private async Task<IdentityResult> NotifyingAsync(PortalUser user, SecurityEvent what, Func<Task<IdentityResult>> change)
    {
        if (string.IsNullOrEmpty(user.Email)) return await change();
        var email = await notices.QueueAsync(db, user, what);
        IdentityResult result;
        try
        {
            result = await change();
        }
        catch
        {
            Forget(email);
            throw;
        }
        if (!result.Succeeded) Forget(email);
        return result;
    }

    private void Forget(object entity)
    {
        var entry = db.Entry(entity);
        if (entry.State == EntityState.Added) entry.State = EntityState.Detached;
    }
}
