using EBallroom.Portal.Features.Outbox.Templates;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.Outbox;

public sealed record EmailQueueRow(long Id, DateTime CreatedAtUtc, string ToAddress, string Subject, string Kind, OutboxStatus Status,
    int Attempts, DateTime NextAttemptAtUtc, DateTime? SentAtUtc, string? LastError);

public sealed record EmailQueueQuery(OutboxStatus? Status = null, string? Search = null, int Page = 0, int PageSize = 25);

public sealed record EmailQueueCounts(int Queued, int Sent, int Failed);

/// <summary>The Email queue page: the signed-in staff member's studio's emails, and Retry for the failed ones.</summary>
public sealed class EmailQueueService(IDbContextFactory<PortalDbContext> dbFactory, CurrentStaff currentStaff, EmailOutbox outbox, TimeProvider time)
{
    public async Task<(IReadOnlyList<EmailQueueRow> Rows, int Total)> GetPageAsync(EmailQueueQuery query, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var emails = db.OutboxEmails.AsNoTracking().Where(e => e.StudioId == staff.StudioId);
        if (query.Status is { } status) emails = emails.Where(e => e.Status == status);
        if (query.Search?.Trim() is { Length: > 0 } search)
        {
            var term = search.Length > 100 ? search[..100] : search;
            emails = emails.Where(e => e.ToAddress.Contains(term) || e.Subject.Contains(term));
        }
        var total = await emails.CountAsync(cancellationToken);
        var rows = await emails.OrderByDescending(e => e.CreatedAtUtc).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, query.Page) * Math.Clamp(query.PageSize, 1, 100)).Take(Math.Clamp(query.PageSize, 1, 100))
            .Select(e => new EmailQueueRow(e.Id, e.CreatedAtUtc, e.ToAddress, e.Subject, e.Kind, e.Status, e.Attempts, e.NextAttemptAtUtc, e.SentAtUtc, e.LastError))
            .ToListAsync(cancellationToken);
        return (rows, total);
    }

    public async Task<EmailQueueCounts> CountsAsync(CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.OutboxEmails.Where(e => e.StudioId == staff.StudioId).GroupBy(e => e.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Of(OutboxStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        return new EmailQueueCounts(Of(OutboxStatus.Queued), Of(OutboxStatus.Sent), Of(OutboxStatus.Failed));
    }

    /// <summary>Puts a failed email of the staff member's studio back in the queue; false when there is no such failed email.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var email = await db.OutboxEmails.SingleOrDefaultAsync(e => e.Id == id && e.StudioId == staff.StudioId, cancellationToken);
        if (email is null || !email.Retry(time.GetUtcNow().UtcDateTime)) return false;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Queues a test email to the staff member's own address, so a studio can see that mail reaches people.</summary>
    public async Task<string> SendTestAsync(CancellationToken cancellationToken = default)
    {
        var staff = await currentStaff.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == staff.UserId, cancellationToken);
        var studio = await db.Studios.AsNoTracking().SingleAsync(s => s.Id == staff.StudioId, cancellationToken);
        await outbox.EnqueueAsync<TestEmail>(db, new EmailEnvelope(user.Email!, user.DisplayName, $"Test email from {studio.Name}", "test", studio.Id, studio.Name),
            new Dictionary<string, object?> { [nameof(TestEmail.StudioName)] = studio.Name, [nameof(TestEmail.SentBy)] = user.DisplayName ?? user.Email });
        await db.SaveChangesAsync(cancellationToken);
        return user.Email!;
    }
}
