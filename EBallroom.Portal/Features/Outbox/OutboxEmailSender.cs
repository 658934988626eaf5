using EBallroom.Portal.Features.Outbox.Templates;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.Outbox;

/// <summary>
/// Identity's account emails (password reset, email confirmation) go through the outbox like every other email, named
/// for the staff member's studio where there is one.
/// </summary>
public sealed class OutboxEmailSender(IDbContextFactory<PortalDbContext> dbFactory, EmailOutbox outbox) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var normalized = email.Trim().ToUpperInvariant();
        var studio = await db.Users.Where(u => u.NormalizedEmail == normalized && u.StaffStudioId != null)
            .Join(db.Studios, u => u.StaffStudioId, s => s.Id, (u, s) => new { s.Id, s.Name })
            .FirstOrDefaultAsync();
        await outbox.EnqueueAsync<AccountEmail>(db, new EmailEnvelope(email, null, subject, "account", studio?.Id, studio?.Name),
            new Dictionary<string, object?> { [nameof(AccountEmail.Message)] = htmlMessage });
        await db.SaveChangesAsync();
    }
}

/// <summary>Identity's typed sender, answered by the same outbox.</summary>
public sealed class OutboxIdentityEmailSender(IEmailSender sender) : IEmailSender<PortalUser>
{
    public Task SendConfirmationLinkAsync(PortalUser user, string email, string confirmationLink) =>
        sender.SendEmailAsync(email, "Confirm your email", $"<p>Please confirm your email by <a href=\"{confirmationLink}\">clicking here</a>.</p>");

    public Task SendPasswordResetLinkAsync(PortalUser user, string email, string resetLink) =>
        sender.SendEmailAsync(email, "Reset your password", $"<p>Reset your password by <a href=\"{resetLink}\">clicking here</a>.</p>");

    public Task SendPasswordResetCodeAsync(PortalUser user, string email, string resetCode) =>
        sender.SendEmailAsync(email, "Reset your password", $"<p>Reset your password using the following code: {System.Net.WebUtility.HtmlEncode(resetCode)}</p>");
}
