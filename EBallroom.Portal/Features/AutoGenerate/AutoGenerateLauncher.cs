using Microsoft.EntityFrameworkCore;
using Quartz;

namespace EBallroom.Portal.Features.AutoGenerate;

/// <summary>
/// Hands a queued run to Quartz, which runs it on the server whatever happens to the browser that asked. Where no
/// scheduler runs (the command line), the caller executes the run itself.
/// </summary>
public sealed class AutoGenerateLauncher(IServiceProvider services)
{
    public async Task LaunchAsync(long runId, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ISchedulerFactory>() is not { } schedulers) return;
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(AutoGenerateJob.Key, new JobDataMap { [AutoGenerateJob.RunIdKey] = runId }, cancellationToken);
    }
}

/// <summary>One trigger per run; runs of different studios go side by side, and a run is claimed once (see the runner).</summary>
public sealed class AutoGenerateJob(AutoGenerateRunner runner) : IJob
{
    public static readonly JobKey Key = new("auto-generate", "portal");
    public const string RunIdKey = "runId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var runId = context.MergedJobDataMap.GetLong(RunIdKey);
        // Quartz re-fires a job whose instance died mid-run (clustered store): the run it left "running" is queued again.
        if (context.Recovering) await runner.RequeueAsync(runId, cancellationToken);
        await runner.ExecuteAsync(runId, cancellationToken);
    }
}

/// <summary>
/// On start, runs left queued or cut off by a stop are picked up again; each skips the clients it already did. Alone on
/// its database (SQLite), a "running" run was cut off; among several instances it may be running elsewhere, so only
/// queued runs are launched, and Quartz's recovery takes over the runs of an instance that died.
/// </summary>
public sealed class AutoGenerateRecovery(IServiceProvider services, AutoGenerateRecovery.Mode mode) : IHostedService
{
    public sealed record Mode(bool Clustered);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Infrastructure.Data.PortalDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!mode.Clustered)
            await db.AutoGenerateRuns.Where(r => r.Status == RunStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Queued), cancellationToken);
        var queued = await db.AutoGenerateRuns.Where(r => r.Status == RunStatus.Queued).Select(r => r.Id).ToListAsync(cancellationToken);
        var launcher = scope.ServiceProvider.GetRequiredService<AutoGenerateLauncher>();
        foreach (var id in queued) await launcher.LaunchAsync(id, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
