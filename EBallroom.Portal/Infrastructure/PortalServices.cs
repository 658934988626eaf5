using Microsoft.AspNetCore.DataProtection;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Clients.Import;
using EBallroom.Portal.Features.Demo;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Features.Staff;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;

namespace EBallroom.Portal.Infrastructure;

public static class PortalServices
{
    /// <summary>What both the web portal and the command-line verbs need: data, Identity and the features' services.</summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        // One application name for the web host and the CLI, wherever each is started from: both read what the other protected.
        var protection = services.AddDataProtection().SetApplicationName("EBallroom.Portal");
        // Several instances over one server database share one key ring, so what one protects every other can read.
        if (DatabaseProviders.Of(configuration) == DatabaseProvider.PostgreSql) protection.PersistKeysToDbContext<PostgreSqlPortalDbContext>();
        services.AddPortalDatabase(configuration, environment.ContentRootPath);
        services.AddPortalIdentity(configuration);
        services.AddScoped<CurrentStaff>();
        services.AddScoped<StudioService>();
        services.AddScoped<MyStudio>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<ClientService>();
        services.AddScoped<ClientImporter>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<Features.Matching.StudioMatcher>();
        services.AddPortalOutbox(configuration, environment);
        services.AddSingleton<Features.Audit.AuditLog>();
        services.AddScoped<Features.Registration.RegistrationLinks>();
        services.AddScoped<Features.Registration.RegistrationService>();
        services.AddScoped<Features.Portal.MyAccount>();
        services.AddScoped<Features.Portal.SecurityEmails>();
        services.AddSingleton<Features.AccountRequests.AccountRequestEvents>();
        services.AddScoped<Features.AccountRequests.PortalEmails>();
        services.AddScoped<Features.AccountRequests.AccountManagement>();
        services.AddScoped<Features.AccountRequests.RequestDecisions>();
        services.AddScoped<Features.AccountRequests.BulkApproval>();
        services.AddScoped<Features.AccountRequests.PortalAccounts>();
        services.AddScoped<Features.AutoGenerate.AutoGeneratePlanner>();
        services.AddScoped<Features.AutoGenerate.AutoGenerateRunner>();
        services.AddScoped<Features.AutoGenerate.AutoGenerateLauncher>();
        services.AddScoped<Features.AutoGenerate.AutoGenerateService>();
        services.AddTransient<Features.Registration.PurgeUnverifiedJob>();
        return services;
    }
}
