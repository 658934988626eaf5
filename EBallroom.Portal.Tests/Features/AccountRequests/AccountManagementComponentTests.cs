using Bunit;
using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.AccountRequests.Pages;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EBallroom.Portal.Tests.Features.AccountRequests;

public class AccountManagementComponentTests : BunitTest
{
    private IRenderedComponent<MudPopoverProvider> _popovers = default!;
    private IRenderedComponent<MudDialogProvider> _dialogs = default!;

    private void Providers()
    {
        _popovers = Context.Render<MudPopoverProvider>();
        _dialogs = Context.Render<MudDialogProvider>();
        Context.Render<MudSnackbarProvider>();
    }

    private static IReadOnlyList<string> Names(IRenderedComponent<PendingRequestsGrid> grid) =>
        grid.FindAll("tbody tr.mud-table-row").Select(r => r.QuerySelectorAll("td")[2].TextContent.Trim()).ToList();

    private IRenderedComponent<RequestDetailsPage> Details(long id)
    {
        Providers();
        var page = Context.Render<RequestDetailsPage>(p => p.Add(x => x.Id, id));
        page.WaitForElement("[data-testid=registration-data], [data-testid=request-not-found]");
        return page;
    }

    /// <summary>Opens the Database Data dropdown, optionally typing, and returns the rendered options in order.</summary>
    private List<AngleSharp.Dom.IElement> OpenPicker(IRenderedComponent<RequestDetailsPage> page, string? type = null)
    {
        var input = page.Find("input[data-testid=client-picker]");
        if (type is null) input.Focus();
        else
        {
            input.Input(type);
            // MudBlazor's debounce runs on the injected TimeProvider: the test's clock.
            Host.Time.Advance(TimeSpan.FromSeconds(1));
        }
        List<AngleSharp.Dom.IElement> items = [];
        _popovers.WaitForAssertion(() =>
        {
            items = _popovers.FindAll("[data-testid=suggestion], [data-testid=search-result]").ToList();
            Assert.NotEmpty(items);
            if (type is not null) Assert.Contains(items, i => i.GetAttribute("data-testid") == "search-result");
        }, TimeSpan.FromSeconds(5));
        return items;
    }

    [Fact]
    public void The_page_uses_the_labels_studio_staff_know()
    {
        Providers();
        var page = Context.Render<AccountManagementPage>();

        var text = page.Markup;
        foreach (var label in new[] { "Client Portal Account Management", "Pending Requests", "Auto-Generate Accounts", "Portal Accounts", "History" })
            Assert.Contains(label, text);
    }

    [Fact]
    public async Task The_pending_grid_pages_and_sorts_on_the_server()
    {
        for (var i = 0; i < 30; i++)
        {
            Host.Time.Advance(TimeSpan.FromMinutes(1));
            await Host.Services.CreateRequestAsync(Studio.Id, "Pat", $"Z{29 - i:00}", $"pat{i:00}@example.com");
        }
        Providers();
        var grid = Context.Render<PendingRequestsGrid>();

        grid.WaitForAssertion(() => Assert.Equal(25, Names(grid).Count));
        Assert.Equal("Pat Z29", Names(grid)[0]); // oldest first: the longest wait on top
        Assert.Contains(grid.FindAll(".mud-table-pagination-caption"), c => c.TextContent.Trim() == "1-25 of 30");
        Assert.All(grid.FindAll("[data-testid=details]"), a => Assert.Equal("Details", a.TextContent.Trim()));

        grid.FindAll("th").First(th => th.TextContent.Contains("Name")).QuerySelector(".sortable-column-header")!.Click();
        grid.WaitForAssertion(() => Assert.Equal("Pat Z00", Names(grid)[0]));

        grid.Find("button[aria-label='Next page']").Click();
        grid.WaitForAssertion(() => Assert.Equal(["Pat Z25", "Pat Z26", "Pat Z27", "Pat Z28", "Pat Z29"], Names(grid)));
    }

    [Fact]
    public async Task Details_shows_registration_data_beside_database_data_and_lists_suggestions_first()
    {
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Robert", "Smith", "robert@example.com", "212 555 0142"));
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Anna", "Smithers", "anna@example.com"));
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Bob", "Smith", "bob@example.com", "+12125550142");
        var page = Details(request.Id);

        Assert.Contains("Registration Data", page.Find("[data-testid=registration-data]").TextContent);
        Assert.Contains("Database Data", page.Find("[data-testid=database-data]").TextContent);
        Assert.Equal("Load", page.Find("[data-testid=load]").TextContent.Trim());
        Assert.Equal("Approve as new client", page.Find("[data-testid=approve]").TextContent.Trim());
        Assert.Equal("Deny", page.Find("[data-testid=deny]").TextContent.Trim());

        var suggestions = OpenPicker(page);
        Assert.Equal("suggestion", suggestions[0].GetAttribute("data-testid"));
        Assert.Contains("Robert Smith", suggestions[0].TextContent);
        Assert.Contains("nickname", suggestions[0].TextContent);

        var typed = OpenPicker(page, "smith");
        Assert.Equal(["suggestion", "search-result"], typed.Select(i => i.GetAttribute("data-testid")));
        Assert.Contains("Robert Smith", typed[0].TextContent);
        Assert.Contains("Anna Smithers", typed[1].TextContent);
    }

    [Fact]
    public async Task Load_fills_database_data_highlights_the_differences_and_approve_links_that_client()
    {
        var clientId = await Host.AddClientAsync(Studio.Id, new ClientDetails("Robert", "Smith", "robert@example.com", "212 555 0142", new DateOnly(1980, 5, 6)));
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Bob", "smith", "bob@example.com", "+12125550142", new DateOnly(1980, 5, 6));
        var page = Details(request.Id);

        OpenPicker(page)[0].Click();
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=load]").HasAttribute("disabled")));
        page.Find("[data-testid=load]").Click();

        page.WaitForElement("[data-testid=loaded-client]");
        var differs = page.FindAll("[data-testid=loaded-client] td.field-differs").Select(td => td.GetAttribute("data-field")).ToList();
        Assert.Equal(["FirstName", "Email"], differs); // "smith" and "Smith" fold alike; phone and birth date agree
        Assert.Contains("Robert", page.Find("[data-testid=loaded-client] td[data-field=FirstName]").TextContent);
        Assert.Equal("Approve", page.Find("[data-testid=approve]").TextContent.Trim());

        page.Find("[data-testid=approve]").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/portal-accounts", Context.Services.GetRequiredService<NavigationManager>().Uri));
        await using var db = await Host.DbAsync();
        Assert.Equal(clientId, (await db.PortalLinks.SingleAsync()).ClientId);
        Assert.Equal(RequestStatus.Approved, (await db.AccountRequests.SingleAsync()).Status);
        Assert.Single(await db.OutboxEmails.ToListAsync());
    }

    [Fact]
    public async Task Deny_asks_for_a_reason_and_whether_to_email_then_denies()
    {
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Eve", "Mallory", "eve@example.com");
        var page = Details(request.Id);

        page.Find("[data-testid=deny]").Click();
        _dialogs.WaitForElement("textarea[data-testid=deny-reason]");
        _dialogs.Find("textarea[data-testid=deny-reason]").Input("Not one of our clients.");
        _dialogs.Find("input[data-testid=deny-email]").Change(false);
        _dialogs.Find("[data-testid=deny-confirm]").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/portal-accounts", Context.Services.GetRequiredService<NavigationManager>().Uri));
        await using var db = await Host.DbAsync();
        var denied = await db.AccountRequests.SingleAsync();
        Assert.Equal((RequestStatus.Denied, "Not one of our clients.", false), (denied.Status, denied.DenialReason, denied.CustomerNotified));
        Assert.Empty(await db.OutboxEmails.ToListAsync());
    }

    [Fact]
    public async Task A_request_decided_by_a_colleague_meanwhile_shows_who_and_when_not_an_error_page()
    {
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Sam", "Late", "sam@example.com");
        var page = Details(request.Id);
        var colleague = await Host.CreateStaffAsync(Studio, "colleague@example.com");
        await using (var scope = Host.As(colleague))
        {
            var decisions = scope.ServiceProvider.GetRequiredService<RequestDecisions>();
            var version = (await scope.ServiceProvider.GetRequiredService<AccountManagement>().DetailsAsync(request.Id))!.Version;
            Assert.True((await decisions.DenyAsync(request.Id, version, null, false)).Succeeded);
        }

        page.Find("[data-testid=approve]").Click();

        page.WaitForAssertion(() => Assert.Equal("Already denied by colleague@example.com at 2026-12-03 12:00 UTC.",
            page.Find("[data-testid=decision-error]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=approve]"));
    }

    [Fact]
    public void Another_studios_request_id_in_the_address_is_not_found()
    {
        var page = Details(987654);

        Assert.Contains("does not exist in your studio", page.Find("[data-testid=request-not-found]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=approve]"));
    }
}
