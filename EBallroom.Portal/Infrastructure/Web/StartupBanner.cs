using EBallroom.Portal.Features.Demo;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;

namespace EBallroom.Portal.Infrastructure.Web;

/// <summary>In Development, prints where the portal listens and the demo studio admin's sign-in, once the server is up.</summary>
internal sealed class StartupBanner(IHostApplicationLifetime lifetime, IServer server, IServiceProvider services, IHostEnvironment environment) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment()) lifetime.ApplicationStarted.Register(() => _ = PrintAsync());
        return Task.CompletedTask;
    }

    private async Task PrintAsync()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault() ?? "(unknown)";
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var admin = await users.FindByEmailAsync(DemoSeeder.AdminEmail);
        var demoLogin = admin is not null && await users.CheckPasswordAsync(admin, DemoSeeder.AdminPassword);
        Console.WriteLine();
        Console.WriteLine("  EBallroom Portal is running.");
        Console.WriteLine($"  Open:            {url}");
        if (demoLogin)
        {
            Console.WriteLine($"  Staff sign-in:   {DemoSeeder.AdminEmail}");
            Console.WriteLine($"  Password:        {DemoSeeder.AdminPassword}");
            Console.WriteLine($"  Demo studio:     {DemoSeeder.StudioName}");
        }
        Console.WriteLine();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
