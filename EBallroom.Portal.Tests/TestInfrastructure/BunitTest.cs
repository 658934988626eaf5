using System.Security.Claims;
using Bunit;
using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.Audit;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Matching;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Features.Clients.Import;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace EBallroom.Portal.Tests.TestInfrastructure;

/// <summary>
/// One base for component tests: MudBlazor's services, loose JS interop, and the portal's real services over a real
/// SQLite file, signed in as a staff member of <see cref="Studio"/>.
/// </summary>
[Trait("Kind", "Component")]
public abstract class BunitTest : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();
    protected PortalTestHost Host { get; } = new();
    protected StudioInfo Studio { get; private set; } = default!;
    protected ClaimsPrincipal Staff { get; private set; } = default!;

    public virtual async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        Studio = await Host.CreateStudioAsync("Component Studio");
        Staff = await Host.CreateStaffAsync(Studio, $"staff-{Guid.NewGuid():N}@example.com", admin: true);

        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = Context.Services;
        services.AddMudServices();
        services.AddSingleton(Host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        services.AddSingleton(Host.Services.GetRequiredService<IConfiguration>());
        services.AddSingleton<TimeProvider>(Host.Time);
        services.AddSingleton<AuthenticationStateProvider>(new FixedAuthenticationStateProvider { User = Staff });
        services.AddScoped<CurrentStaff>();
        services.AddScoped<ClientService>();
        services.AddScoped<ClientImporter>();
        // Client Portal Account Management and what it queues email through: the real services, over the same file.
        services.AddLogging();
        services.AddSingleton(Host.Services.GetRequiredService<IOptions<SmtpOptions>>());
        services.AddSingleton(Host.Services.GetRequiredService<EmailLinks>());
        services.AddSingleton(Host.Services.GetRequiredService<OutboxSeal>());
        services.AddSingleton(Host.Services.GetRequiredService<AccountRequestEvents>());
        services.AddSingleton(Host.Services.GetRequiredService<AuditLog>());
        services.AddScoped<EmailRenderer>();
        services.AddScoped<EmailOutbox>();
        services.AddScoped<StudioMatcher>();
        services.AddScoped<PortalEmails>();
        services.AddScoped<AccountManagement>();
        services.AddScoped<RequestDecisions>();
        services.AddScoped<BulkApproval>();
        services.AddScoped<PortalAccounts>();
        services.AddSingleton(Host.Services.GetRequiredService<Microsoft.AspNetCore.Identity.ILookupNormalizer>());
        services.AddScoped<EBallroom.Portal.Features.AutoGenerate.AutoGeneratePlanner>();
        services.AddScoped<EBallroom.Portal.Features.AutoGenerate.AutoGenerateLauncher>();
        services.AddScoped<EBallroom.Portal.Features.AutoGenerate.AutoGenerateService>();
        // The staff dashboard runs interactively on the server.
        Context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public virtual async Task DisposeAsync()
    {
        // MudBlazor's services are async-disposable only.
        await Context.DisposeAsync();
        await Host.DisposeAsync();
    }
}
