using Bunit;
using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.AccountRequests.Pages;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EBallroom.Portal.Tests.Features.AccountRequests;

/// <summary>The badge, bulk approval, Portal Accounts and History as staff use them.</summary>
public class AccountTabsComponentTests : BunitTest
{
    private IRenderedComponent<MudDialogProvider> _dialogs = default!;

    private void Providers()
    {
        Context.Render<MudPopoverProvider>();
        _dialogs = Context.Render<MudDialogProvider>();
        Context.Render<MudSnackbarProvider>();
    }

    private async Task<long> ApprovedAsync(string first, string last, string email)
    {
        var clientId = await Host.AddClientAsync(Studio.Id, new ClientDetails(first, last, email));
        var request = await Host.Services.CreateRequestAsync(Studio.Id, first, last, email);
        await using var scope = Host.As(Staff);
        var version = (await scope.ServiceProvider.GetRequiredService<AccountManagement>().DetailsAsync(request.Id))!.Version;
        Assert.True((await scope.ServiceProvider.GetRequiredService<RequestDecisions>().ApproveAsync(request.Id, version, clientId)).Succeeded);
        return request.Id;
    }

    [Fact]
    public async Task The_navigation_badge_counts_pending_requests_and_follows_a_new_one()
    {
        await Host.Services.CreateRequestAsync(Studio.Id, "Una", "One", "una@example.com");
        var badge = Context.Render<PendingBadge>();
        badge.WaitForAssertion(() => Assert.Equal("1", badge.Find("[data-testid=pending-badge]").TextContent.Trim()));

        await Host.Services.CreateRequestAsync(Studio.Id, "Dos", "Two", "dos@example.com");
        Host.Services.GetRequiredService<AccountRequestEvents>().Notify(Studio.Id);

        badge.WaitForAssertion(() => Assert.Equal("2", badge.Find("[data-testid=pending-badge]").TextContent.Trim()));
    }

    [Fact]
    public async Task The_badge_disappears_when_the_last_pending_request_is_decided()
    {
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Una", "One", "una@example.com");
        var badge = Context.Render<PendingBadge>();
        badge.WaitForElement("[data-testid=pending-badge]");

        await using (var scope = Host.As(Staff))
        {
            var version = (await scope.ServiceProvider.GetRequiredService<AccountManagement>().DetailsAsync(request.Id))!.Version;
            // The decision notifies through the host's events, which the badge listens to.
            Assert.True((await scope.ServiceProvider.GetRequiredService<RequestDecisions>().DenyAsync(request.Id, version, null, false)).Succeeded);
        }

        badge.WaitForAssertion(() => Assert.Empty(badge.FindAll("[data-testid=pending-badge]")));
    }

    [Fact]
    public async Task Selected_requests_are_approved_to_their_top_suggestion_after_a_confirmation_listing_them()
    {
        var robert = await Host.AddClientAsync(Studio.Id, new ClientDetails("Robert", "Smith", "rob@example.com", "212 555 0142"));
        var bob = await Host.Services.CreateRequestAsync(Studio.Id, "Bob", "Smith", "bob@example.com", "+12125550142");
        await Host.Services.CreateRequestAsync(Studio.Id, "Zed", "Nobody", "zed@example.com");
        Providers();
        var grid = Context.Render<PendingRequestsGrid>();
        grid.WaitForAssertion(() => Assert.Equal(2, grid.FindAll("tbody tr.mud-table-row").Count));

        foreach (var box in grid.FindAll("tbody tr.mud-table-row input[type=checkbox]").ToList()) box.Change(true);
        grid.WaitForAssertion(() => Assert.Contains("(2)", grid.Find("[data-testid=bulk-approve]").TextContent));
        grid.Find("[data-testid=bulk-approve]").Click();

        _dialogs.WaitForAssertion(() => Assert.Equal(2, _dialogs.FindAll("[data-testid=bulk-line]").Count));
        Assert.Equal("Robert Smith", _dialogs.Find("[data-testid=bulk-target]").TextContent.Trim());
        Assert.Contains("no suggested client", _dialogs.Find("[data-testid=bulk-skip]").TextContent);
        Assert.Equal("Approve 1", _dialogs.Find("[data-testid=bulk-confirm]").TextContent.Trim());
        _dialogs.Find("[data-testid=bulk-confirm]").Click();

        grid.WaitForAssertion(() => Assert.Single(grid.FindAll("tbody tr.mud-table-row")));
        await using var db = await Host.DbAsync();
        var link = await db.PortalLinks.SingleAsync();
        Assert.Equal((robert, bob.UserId), (link.ClientId, link.UserId));
    }

    [Fact]
    public async Task Portal_accounts_disable_sign_in_after_confirming_and_show_it()
    {
        await ApprovedAsync("Jo", "March", "jo@example.com");
        Providers();
        var grid = Context.Render<PortalAccountsGrid>();
        grid.WaitForAssertion(() => Assert.Contains("jo@example.com", grid.Find("tbody tr.mud-table-row").TextContent));
        Assert.Contains("Approved by", grid.Find("tbody tr.mud-table-row").TextContent);

        grid.Find("[data-testid=toggle-sign-in]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("will no longer see Jo March", _dialogs.Markup));
        _dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Disable sign-in").Click();

        grid.WaitForAssertion(() => grid.Find("[data-testid=sign-in-disabled]"));
        Assert.Equal("Enable sign-in", grid.Find("[data-testid=toggle-sign-in]").TextContent.Trim());
        await using var db = await Host.DbAsync();
        Assert.NotNull((await db.PortalLinks.SingleAsync()).SignInDisabledAtUtc);
    }

    [Fact]
    public async Task History_shows_who_decided_and_the_reason()
    {
        await ApprovedAsync("Jo", "March", "jo@example.com");
        var denied = await Host.Services.CreateRequestAsync(Studio.Id, "Eve", "Mallory", "eve@example.com");
        await using (var scope = Host.As(Staff))
        {
            var version = (await scope.ServiceProvider.GetRequiredService<AccountManagement>().DetailsAsync(denied.Id))!.Version;
            await scope.ServiceProvider.GetRequiredService<RequestDecisions>().DenyAsync(denied.Id, version, "Unknown to us", true);
        }
        Providers();
        var grid = Context.Render<HistoryGrid>();

        grid.WaitForAssertion(() => Assert.Equal(2, grid.FindAll("tbody tr.mud-table-row").Count));
        var rows = grid.FindAll("tbody tr.mud-table-row").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Approved") && r.Contains("Jo March"));
        Assert.Contains(rows, r => r.Contains("Denied") && r.Contains("Unknown to us") && r.Contains("customer emailed"));
    }
}
