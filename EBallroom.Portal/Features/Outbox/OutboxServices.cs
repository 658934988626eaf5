using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace EBallroom.Portal.Features.Outbox;

public static class OutboxServices
{
    /// <summary>Queueing, rendering and sending email; in Development without <c>Smtp:Host</c>, the in-process mailbox.</summary>
    public static IServiceCollection AddPortalOutbox(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.Configure<EmailOptions>(configuration.GetSection("Email"));
        services.Configure<SmtpOptions>(configuration.GetSection("Smtp"));
        services.AddSingleton<EmailLinks>();
        services.AddSingleton<OutboxSeal>();
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
}
