using System.Security.Claims;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Staff;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EBallroom.Portal.Tests.TestInfrastructure;

/// <summary>
/// The portal's real services over a real SQLite file, without a web server: for feature tests that act as a
/// given staff member.
/// </summary>
public sealed class PortalTestHost(Action<IDictionary<string, string?>>? adjust = null, string? databasePath = null) : IAsyncLifetime
{
    private readonly TestFiles _files = new();
    private WebApplication? _app;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    public string DatabasePath => databasePath ?? _files.PathFor("portal.db");
    public TestFiles Files => _files;

    /// <summary>Every log line the host wrote (level from the <c>Test:LogLevel</c> setting, Information by default).</summary>
    public IReadOnlyCollection<string> Logs => _logs.Lines;
    private readonly CapturedLogs _logs = new();
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = _files.Directory });
        var settings = TestSettings.For(DatabasePath);
        adjust?.Invoke(settings);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.Logging.SetMinimumLevel(Enum.Parse<LogLevel>(settings.GetValueOrDefault("Test:LogLevel") ?? nameof(LogLevel.Information)));
        builder.Services.AddPortalCore(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddScoped<FixedAuthenticationStateProvider>();
        builder.Services.AddScoped<AuthenticationStateProvider>(sp => sp.GetRequiredService<FixedAuthenticationStateProvider>());
        _app = builder.Build();
        await _app.Services.MigratePortalDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _files.Dispose();
    }

    public async Task<StudioInfo> CreateStudioAsync(string name = "Studio", string region = "US")
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StudioService>().CreateAsync(name, new StudioSettings(region));
    }

    /// <summary>Creates a staff sign-in and returns the principal Identity would put in their cookie.</summary>
    public async Task<ClaimsPrincipal> CreateStaffAsync(StudioInfo studio, string email, bool admin = false, string password = "correct horse battery")
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(studio.IdNumber, email, password, admin);
        Assert.True(result.Succeeded, result.Error);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(result.UserId!);
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PortalUser>>().CreateAsync(user!);
    }

    /// <summary>A service scope in which <paramref name="user"/> is signed in.</summary>
    public AsyncServiceScope As(ClaimsPrincipal user)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<FixedAuthenticationStateProvider>().User = user;
        return scope;
    }

    public async Task<T> AsAsync<T>(ClaimsPrincipal user, Func<ClientService, Task<T>> action)
    {
        await using var scope = As(user);
        return await action(scope.ServiceProvider.GetRequiredService<ClientService>());
    }

    public async Task<PortalDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task<int> AddClientAsync(int studioId, ClientDetails details)
    {
        await using var db = await DbAsync();
        var valid = ClientRules.Validate(details, "US", DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime)).Value
            ?? throw new InvalidOperationException("Test client does not validate.");
        var client = Client.Create(studioId, valid, Time.GetUtcNow().UtcDateTime);
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        return client.Id;
    }
}
