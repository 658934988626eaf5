using Quartz;

namespace EBallroom.Portal.Features.Outbox;

/// <summary>The scheduled drain. One at a time per process; across processes the leases keep drainers apart.</summary>
[DisallowConcurrentExecution]
public sealed class OutboxDrainJob(OutboxDrainer drainer, ILogger<OutboxDrainJob> logger) : IJob
{
    public static readonly JobKey Key = new("outbox-drain");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var report = await drainer.DrainAsync(cancellationToken);
        if (report.Sent + report.Retrying + report.Failed > 0) logger.LogInformation("Outbox drain: {Report}", report);
    }
}
