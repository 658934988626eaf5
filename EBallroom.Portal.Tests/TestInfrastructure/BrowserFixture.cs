using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Studios;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EBallroom.Portal.Tests.TestInfrastructure;

/// <summary>
/// One real portal on a loopback port and one headless Debian Chromium, shared by every browser test.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string StaffEmail = "browser-admin@example.com";
    public const string StaffPassword = "browser test passphrase";
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public PortalAppFactory App { get; } = new();
    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";
    public StudioInfo Studio { get; private set; } = default!;

    /// <summary>The demo studio a newcomer sees on first start, seeded here as there.</summary>
    public async Task<StudioInfo> DemoStudioAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<EBallroom.Portal.Infrastructure.Data.PortalDbContext>>();
        await using var context = await db.CreateDbContextAsync();
        var id = context.Studios.Single(s => s.Name == EBallroom.Portal.Features.Demo.DemoSeeder.StudioName).Id;
        return (await scope.ServiceProvider.GetRequiredService<StudioService>().GetAsync(id))!;
    }

    public async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1");

        // Links in emails must point at this server.
        App.Services.GetRequiredService<IConfiguration>()["Portal:BaseUrl"] = BaseUrl;
        await using (var scope = App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<EBallroom.Portal.Features.Demo.DemoSeeder>().SeedIfEmptyAsync();
        Studio = await App.CreateStudioAsync("Browser Studio");
        await App.CreateStaffAsync(Studio, StaffEmail, StaffPassword);
        foreach (var details in EBallroom.Portal.Features.Demo.DemoSeeder.DemoClients(60, DateOnly.FromDateTime(DateTime.UtcNow)))
            await App.AddClientAsync(Studio.Id, details);

        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Browser tests need Debian's chromium at {ChromiumPath} (apt-get install chromium; .ci/run does it).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in as the studio admin and waits until the dashboard's circuit is live (clicks before it are lost).</summary>
    public async Task<IPage> SignedInPageAsync(string path = "/clients", string email = StaffEmail, string password = StaffPassword)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(path);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path, new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 30_000 });
            await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        }
        catch (TimeoutException e)
        {
            var body = await page.Locator("body").InnerTextAsync();
            throw new TimeoutException($"Signing in to {path} stalled at {page.Url}: {body[..Math.Min(body.Length, 400)]}", e);
        }
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
