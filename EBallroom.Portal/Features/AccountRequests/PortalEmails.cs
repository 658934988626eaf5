using EBallroom.Portal.Features.AccountRequests.Emails;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Infrastructure.Data;

namespace EBallroom.Portal.Features.AccountRequests;

/// <summary>The emails staff decisions send, queued into the caller's unit of work.</summary>
public sealed class PortalEmails(EmailOutbox outbox, EmailLinks links)
{
    public const string AccountReadyKind = "account-ready";
    public const string RequestDeniedKind = "request-denied";

    public Task QueueAccountReadyAsync(PortalDbContext db, string to, string firstName, string lastName, int studioId, string studioName) =>
        outbox.EnqueueAsync<AccountReadyEmail>(db,
            new EmailEnvelope(to, $"{firstName} {lastName}", $"Your client portal account at {studioName} is ready", AccountReadyKind, studioId, studioName),
            new Dictionary<string, object?>
            {
                [nameof(AccountReadyEmail.FirstName)] = firstName,
                [nameof(AccountReadyEmail.StudioName)] = studioName,
                [nameof(AccountReadyEmail.Username)] = to,
                [nameof(AccountReadyEmail.SignInUrl)] = links.Absolute("/account"),
            });

    public Task QueueDeniedAsync(PortalDbContext db, string to, string firstName, string lastName, int studioId, string studioName, string? reason) =>
        outbox.EnqueueAsync<RequestDeniedEmail>(db,
            new EmailEnvelope(to, $"{firstName} {lastName}", $"Your client portal request at {studioName}", RequestDeniedKind, studioId, studioName),
            new Dictionary<string, object?>
            {
                [nameof(RequestDeniedEmail.FirstName)] = firstName,
                [nameof(RequestDeniedEmail.StudioName)] = studioName,
                [nameof(RequestDeniedEmail.Reason)] = reason,
            });
}
