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
        var clustered = Data.DatabaseProviders.Of(configuration) == Data.DatabaseProvider.PostgreSql;
        services.AddSingleton(new AutoGenerateRecovery.Mode(clustered));
        services.AddQuartz(quartz =>
        {
            if (clustered)
            {
                // Every instance over one PostgreSQL database joins one scheduler: triggers live in the database and each
                // firing is taken by one instance; a job of an instance that dies is taken over (RequestRecovery).
                quartz.ConfigureScheduler(scheduler =>
                {
                    scheduler.InstanceName = "EBallroom.Portal";
                    scheduler.GenerateInstanceId = true;
                });
                quartz.UsePersistentStore(store =>
                {
                    // Quartz's tables (prefix qrtz_) are Quartz's own: it creates what is missing, for its version, on first start.
                    store.ConfigureStore(ado =>
                    {
                        ado.TablePrefix = "qrtz_";
                        // Acquiring and firing under the database lock: measured here, the lock-free rounds let a loaded
                        // pair of instances run one firing on both (SeveralInstancesTests).
                        ado.UseDbLocks = true;
                        ado.AcquireTriggersWithinLock = true;
                        ado.LockFreeFiringRounds = false;
                    });
                    store.ProvisionSchema();
                    store.UsePostgres(configuration.GetConnectionString("Portal")!);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = TimeSpan.FromSeconds(configuration.GetValue("Quartz:CheckinSeconds", 7.5));
                        cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(configuration.GetValue("Quartz:CheckinMisfireSeconds", 20.0));
                    });
                });
            }
            quartz.AddJob<AutoGenerateJob>(job => job.WithIdentity(AutoGenerateJob.Key).StoreDurably().RequestRecovery());
            if (!options.DrainInBackground) return;
            quartz.AddJob<OutboxDrainJob>(job => job.WithIdentity(OutboxDrainJob.Key));
            // Named triggers: in a shared job store, every instance's start finds the one trigger instead of adding another.
            quartz.AddTrigger(trigger => trigger.WithIdentity("outbox-drain", "portal").ForJob(OutboxDrainJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(Math.Max(1, options.DrainIntervalSeconds))).RepeatForever()));
            quartz.AddJob<Features.Registration.PurgeUnverifiedJob>(job => job.WithIdentity(Features.Registration.PurgeUnverifiedJob.Key));
            quartz.AddTrigger(trigger => trigger.WithIdentity("purge-unverified", "portal").ForJob(Features.Registration.PurgeUnverifiedJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever()));
        });
        services.AddQuartzHostedService(q => q.WaitForJobsToComplete = true);
        return services;
    }
}
