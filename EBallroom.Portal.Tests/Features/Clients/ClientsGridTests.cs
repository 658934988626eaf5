using Bunit;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Tests.TestInfrastructure;
using MudBlazor;

namespace EBallroom.Portal.Tests.Features.Clients;

public class ClientsGridTests : BunitTest
{
    private IRenderedComponent<ClientsGrid> RenderGrid()
    {
        Context.Render<MudPopoverProvider>();
        Context.Render<MudDialogProvider>();
        return Context.Render<ClientsGrid>();
    }

    /// <summary>
    /// Waits for <paramref name="assertion"/> after the typing pause. On a loaded machine the text field may hand the
    /// typed value to the grid a moment after the test's clock moved, so the pause's timer starts late: the clock moves
    /// on by another pause while the grid has not yet reloaded (at most ten times).
    /// </summary>
    private void AfterThePause(IRenderedComponent<ClientsGrid> grid, Action assertion)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                grid.WaitForAssertion(assertion, TimeSpan.FromSeconds(1));
                return;
            }
            catch (Bunit.Extensions.WaitForHelpers.WaitForFailedException) when (attempt < 10)
            {
                Host.Time.Advance(ClientsGrid.SearchDelay);
            }
        }
    }

    private static IReadOnlyList<string> LastNames(IRenderedComponent<ClientsGrid> grid) =>
        grid.FindAll("tbody tr.mud-table-row").Select(r => r.QuerySelectorAll("td")[0].TextContent.Trim()).ToList();

    [Fact]
    public async Task The_grid_shows_the_first_page_sorted_by_last_name_and_the_total()
    {
        for (var i = 0; i < 30; i++) await Host.AddClientAsync(Studio.Id, new ClientDetails($"First{i}", $"Last{i:00}"));

        var grid = RenderGrid();

        grid.WaitForAssertion(() => Assert.Equal(25, LastNames(grid).Count));
        Assert.Equal("Last00", LastNames(grid)[0]);
        Assert.Contains(grid.FindAll(".mud-table-pagination-caption"), c => c.TextContent.Trim() == "1-25 of 30");
    }

    [Fact]
    public async Task Typing_a_search_reloads_the_grid_from_the_server()
    {
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Ana", "Lopez", "ana@example.com"));
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Bo", "Kim", "bo@example.com", "212 555 0142"));
        var grid = RenderGrid();
        grid.WaitForAssertion(() => Assert.Equal(2, LastNames(grid).Count));

        grid.Find("input[placeholder='Search name, email or phone']").Input("555-0142");
        Assert.Equal(2, LastNames(grid).Count);
        Host.Time.Advance(ClientsGrid.SearchDelay);

        AfterThePause(grid, () => Assert.Equal(["Kim"], LastNames(grid)));
    }

    [Fact]
    public async Task A_search_without_matches_says_so()
    {
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Ana", "Lopez"));
        var grid = RenderGrid();

        grid.Find("input[placeholder='Search name, email or phone']").Input("zzz");
        Host.Time.Advance(ClientsGrid.SearchDelay);

        AfterThePause(grid, () => Assert.Contains("No client matches \"zzz\"", grid.Find("[data-testid=no-clients]").TextContent));
    }

    [Fact]
    public async Task Sorting_by_a_column_asks_the_server_for_that_order()
    {
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Ana", "Alpha", "zed@example.com"));
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Bo", "Beta", "amy@example.com"));
        var grid = RenderGrid();
        grid.WaitForAssertion(() => Assert.Equal(["Alpha", "Beta"], LastNames(grid)));

        var emailHeader = grid.FindAll("th").First(th => th.TextContent.Contains("Email"));
        emailHeader.QuerySelector(".sortable-column-header")!.Click();

        grid.WaitForAssertion(() => Assert.Equal(["Beta", "Alpha"], LastNames(grid)));
    }

    [Fact]
    public async Task Typing_quickly_sends_one_search_after_the_pause_not_one_per_keystroke()
    {
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Ana", "Lopez"));
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Bo", "Kim"));
        var grid = RenderGrid();
        grid.WaitForAssertion(() => Assert.Equal(2, LastNames(grid).Count));
        var search = grid.Find("input[placeholder='Search name, email or phone']");

        search.Input("k");
        Host.Time.Advance(ClientsGrid.SearchDelay / 2);
        search.Input("lo");
        Host.Time.Advance(ClientsGrid.SearchDelay / 2);
        Assert.Equal(2, LastNames(grid).Count);
        Host.Time.Advance(ClientsGrid.SearchDelay / 2);

        AfterThePause(grid, () => Assert.Equal(["Lopez"], LastNames(grid)));
    }

    [Fact]
    public void An_empty_studio_invites_adding_or_importing_clients()
    {
        var grid = RenderGrid();

        grid.WaitForAssertion(() => Assert.Contains("No clients yet", grid.Find("[data-testid=no-clients]").TextContent));
    }
}
