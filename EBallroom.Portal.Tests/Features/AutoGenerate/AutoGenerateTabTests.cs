using Bunit;
using EBallroom.Portal.Features.AutoGenerate;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EBallroom.Portal.Tests.Features.AutoGenerate;

public class AutoGenerateTabTests : BunitTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Context.Render<MudPopoverProvider>();
    }

    private async Task RunQueuedAsync(long runId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AutoGenerateRunner>().ExecuteAsync(runId);
    }

    [Fact]
    public async Task Auto_generate_shows_the_preview_first_and_creates_nothing_until_confirmed()
    {
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Ana", "Lopez", "ana@example.com"));
        await Host.AddClientAsync(Studio.Id, new ClientDetails("No", "Email"));
        var tab = Context.Render<AutoGenerateTab>();

        Assert.Contains("Client email addresses must be in the system first", tab.Markup);
        tab.Find("[data-testid=auto-generate]").Click();

        tab.WaitForAssertion(() => Assert.Equal("1", tab.Find("[data-testid=will-create]").TextContent.Trim()));
        Assert.Contains("no email", tab.Find("[data-testid=will-skip]").TextContent);
        await using var db = await Host.DbAsync();
        Assert.Empty(db.AutoGenerateRuns);
        Assert.Empty(db.PortalLinks);
    }

    [Fact]
    public async Task Reopening_the_tab_while_a_run_goes_shows_its_progress_then_its_result()
    {
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Ana", "Lopez", "ana@example.com"));
        long runId;
        await using (var scope = Host.As(Staff))
            runId = (await scope.ServiceProvider.GetRequiredService<AutoGenerateService>().StartAsync()).Run.Id; // queued: no scheduler here

        var tab = Context.Render<AutoGenerateTab>();
        tab.WaitForElement("[data-testid=autogen-progress]");
        Assert.Contains("0 of 0 clients", tab.Find("[data-testid=autogen-progress-text]").TextContent);

        await RunQueuedAsync(runId);
        Host.Time.Advance(AutoGenerateTab.PollInterval);

        tab.WaitForAssertion(() => Assert.Contains("1 accounts created", tab.Find("[data-testid=autogen-summary]").TextContent));
        tab.WaitForAssertion(() => Assert.Single(tab.FindAll("[data-testid=autogen-outcomes] tbody tr.mud-table-row")));
        Assert.Contains("Completed", tab.Find("[data-testid=past-runs]").TextContent);
    }
}
