using System.Net;
using EBallroom.Portal.Features.Demo;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.Demo;

public sealed class DemoPortalAppFactory : PortalAppFactory
{
    protected override void Adjust(IDictionary<string, string?> settings) => settings["Demo:Seed"] = "true";
}

public class DemoSeederTests(DemoPortalAppFactory app) : IClassFixture<DemoPortalAppFactory>
{
    [Fact]
    public async Task The_first_start_in_development_seeds_a_demo_studio_whose_admin_can_sign_in()
    {
        var client = app.CreateBrowserLikeClient();

        (await client.SignInAsync(DemoSeeder.AdminEmail, DemoSeeder.AdminPassword)).AssertRedirectsTo("/clients");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/clients")).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var studio = await db.Studios.SingleAsync();
        Assert.Equal(DemoSeeder.StudioName, studio.Name);
        var clients = await db.Clients.Where(c => c.StudioId == studio.Id).ToListAsync();
        Assert.InRange(clients.Count, 195, 210);
        Assert.InRange(clients.Count(c => c.Email is null), 2, 10);
        Assert.Contains(clients.GroupBy(c => c.NormalizedEmail).Where(g => g.Key is not null), g => g.Count() == 2);
    }

    [Fact]
    public async Task A_second_start_seeds_nothing_more()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();

        Assert.False(seeded);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Studios.CountAsync());
    }
}
