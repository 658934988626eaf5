using EBallroom.Portal.Features.AutoGenerate;
using EBallroom.Portal.Features.Outbox;
using Quartz;

namespace EBallroom.Portal.Infrastructure;

public static class PortalJobs
{
    /// <summary>
    /// The web host's background jobs: auto-generate runs on demand, and on their schedules the outbox drain and the purge of
    /// unconfirmed registrations (off with <c>Email:DrainInBackground=false</c>, as tests drain on purpose).
    /// </summary>
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Email").Get<EmailOptions>() ?? new EmailOptions();
        services.AddHostedService<AutoGenerateRecovery>();
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<AutoGenerateJob>(job => job.WithIdentity(AutoGenerateJob.Key).StoreDurably());
            if (!options.DrainInBackground) return;
            quartz.AddJob<OutboxDrainJob>(job => job.WithIdentity(OutboxDrainJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(OutboxDrainJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(Math.Max(1, options.DrainIntervalSeconds))).RepeatForever()));
            quartz.AddJob<Features.Registration.PurgeUnverifiedJob>(job => job.WithIdentity(Features.Registration.PurgeUnverifiedJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(Features.Registration.PurgeUnverifiedJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever()));
        });
        services.AddQuartzHostedService(q => q.WaitForJobsToComplete = true);
        return services;
    }
}
