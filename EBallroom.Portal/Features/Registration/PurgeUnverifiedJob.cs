using EBallroom.Portal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace EBallroom.Portal.Features.Registration;

/// <summary>Registrations nobody confirmed are deleted after 7 days: the form's personal data is not kept for nothing.</summary>
[DisallowConcurrentExecution]
public sealed class PurgeUnverifiedJob(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time, ILogger<PurgeUnverifiedJob> logger) : IJob
{
    public static readonly JobKey Key = new("purge-unverified-registrations");
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(7);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await PurgeAsync(cancellationToken);

    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var before = time.GetUtcNow().UtcDateTime - KeepFor;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var purged = await db.PendingRegistrations.Where(p => p.ConfirmedAtUtc == null && p.CreatedAtUtc < before).ExecuteDeleteAsync(cancellationToken);
        if (purged > 0) logger.LogInformation("Purged {Count} registrations never confirmed.", purged);
        return purged;
    }
}
