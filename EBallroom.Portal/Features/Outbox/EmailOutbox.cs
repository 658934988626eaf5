using EBallroom.Portal.Infrastructure.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace EBallroom.Portal.Features.Outbox;

/// <summary>Who an email goes to and what it concerns.</summary>
public sealed record EmailEnvelope(string ToAddress, string? ToName, string Subject, string Kind, int? StudioId = null, string? StudioName = null);

/// <summary>
/// Features queue emails here inside their own unit of work: the row is added to the caller's context and commits or
/// rolls back with the caller's SaveChanges, so an email exists exactly when the change that causes it does.
/// </summary>
public sealed class EmailOutbox(EmailRenderer renderer, OutboxSeal seal, TimeProvider time, IOptions<SmtpOptions> smtp)
{
    /// <param name="sealBody">For emails that carry a secret: the stored bodies are encrypted (<see cref="OutboxSeal"/>).</param>
    public async Task<OutboxEmail> EnqueueAsync<TBody>(PortalDbContext db, EmailEnvelope envelope, IDictionary<string, object?>? parameters = null,
        bool sealBody = false)
        where TBody : IComponent
    {
        var email = await ComposeAsync<TBody>(envelope, parameters, sealBody);
        db.OutboxEmails.Add(email);
        return email;
    }

    /// <summary>The queued row, not yet added to a unit of work: for callers that insert many rows at once.</summary>
    public async Task<OutboxEmail> ComposeAsync<TBody>(EmailEnvelope envelope, IDictionary<string, object?>? parameters = null, bool sealBody = false)
        where TBody : IComponent
    {
        var (html, text) = await renderer.RenderAsync<TBody>(envelope.Subject, envelope.StudioName, parameters ?? new Dictionary<string, object?>());
        if (sealBody) (html, text) = (seal.Seal(html), seal.Seal(text));
        var email = OutboxEmail.Create(envelope.StudioId, envelope.Kind, envelope.ToAddress, envelope.ToName, envelope.StudioName,
            envelope.Subject, html, text, NewMessageId(), time.GetUtcNow().UtcDateTime, sealBody);
        return email;
    }

    private string NewMessageId()
    {
        var from = smtp.Value.FromAddress;
        var domain = from.Contains('@') ? from[(from.LastIndexOf('@') + 1)..] : "localhost";
        return $"{Guid.NewGuid():N}@{domain}";
    }
}
