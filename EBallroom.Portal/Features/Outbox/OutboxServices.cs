using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Quartz;

namespace EBallroom.Portal.Features.Outbox;

public static class OutboxServices
{
    /// <summary>Queueing, rendering and sending email; in Development without <c>Smtp:Host</c>, the in-process mailbox.</summary>
    public static IServiceCollection AddPortalOutbox(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.Configure<EmailOptions>(configuration.GetSection("Email"));
        services.Configure<SmtpOptions>(configuration.GetSection("Smtp"));
        services.AddSingleton<EmailLinks>();
        services.AddScoped<EmailRenderer>();
        services.AddScoped<EmailOutbox>();
        services.AddSingleton<SmtpConnector>();
        services.AddSingleton<OutboxDrainer>();
        services.AddScoped<EmailQueueService>();
        services.AddTransient<IEmailSender, OutboxEmailSender>();
        services.AddTransient<IEmailSender<Infrastructure.Identity.PortalUser>, OutboxIdentityEmailSender>();
        if (environment.IsDevelopment() && string.IsNullOrWhiteSpace(configuration["Smtp:Host"]))
        {
            services.AddSingleton<DevMailbox>();
            services.AddHostedService(sp => sp.GetRequiredService<DevMailbox>());
        }
        return services;
    }

    /// <summary>The background jobs on their schedules: the outbox drain, the purge of unconfirmed registrations (web host only).</summary>
    public static IServiceCollection AddOutboxDrainSchedule(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Email").Get<EmailOptions>() ?? new EmailOptions();
        if (!options.DrainInBackground) return services;
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<OutboxDrainJob>(job => job.WithIdentity(OutboxDrainJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(OutboxDrainJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(Math.Max(1, options.DrainIntervalSeconds))).RepeatForever()));
            quartz.AddJob<Registration.PurgeUnverifiedJob>(job => job.WithIdentity(Registration.PurgeUnverifiedJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(Registration.PurgeUnverifiedJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever()));
        });
        services.AddQuartzHostedService(q => q.WaitForJobsToComplete = true);
        return services;
    }
}
