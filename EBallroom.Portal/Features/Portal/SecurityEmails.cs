using System.Globalization;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Features.Portal.Emails;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;

namespace EBallroom.Portal.Features.Portal;

public enum SecurityEvent { PasswordChanged, TwoFactorTurnedOn, TwoFactorTurnedOff, ExternalSignInAdded }

/// <summary>The emails that tell an account's owner how its sign-in changed, queued into the unit of work that changes it.</summary>
public sealed class SecurityEmails(EmailOutbox outbox, EmailLinks links, TimeProvider time)
{
    public const string Kind = "security-notice";

    public Task<OutboxEmail> QueueAsync(PortalDbContext db, PortalUser user, SecurityEvent what)
    {
        var (subject, sentence) = what switch
        {
            SecurityEvent.PasswordChanged => ("Your password was changed", "Your password was changed"),
            SecurityEvent.TwoFactorTurnedOn => ("Two-factor sign-in was turned on", "Two-factor sign-in with an authenticator app was turned on"),
            SecurityEvent.TwoFactorTurnedOff => ("Two-factor sign-in was turned off", "Two-factor sign-in was turned off"),
            _ => ("A new sign-in method was added", "A new way to sign in was added"),
        };
        var when = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        return outbox.EnqueueAsync<SecurityNoticeEmail>(db,
            new EmailEnvelope(user.Email!, user.DisplayName, $"{subject} · EBallroom Portal", Kind),
            new Dictionary<string, object?>
            {
                [nameof(SecurityNoticeEmail.Name)] = user.DisplayName,
                [nameof(SecurityNoticeEmail.What)] = sentence,
                [nameof(SecurityNoticeEmail.Username)] = user.Email,
                [nameof(SecurityNoticeEmail.When)] = when,
                [nameof(SecurityNoticeEmail.ResetUrl)] = links.Absolute("/Identity/Account/ForgotPassword"),
            });
    }
}
