using System.Security.Claims;
using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.Audit;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Tests.Features.Outbox;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.AccountRequests;

/// <summary>The page's read side, bulk approval, the Portal Accounts actions, and tenant isolation across all of them.</summary>
public class AccountManagementTests : OutboxTestBase
{
    private ClaimsPrincipal _staff = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _staff = await Host.CreateStaffAsync(Studio, "staff@example.com", admin: true);
    }

    private async Task<T> As<T, TService>(ClaimsPrincipal staff, Func<TService, Task<T>> action) where TService : notnull
    {
        await using var scope = Host.As(staff);
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private Task<T> Management<T>(Func<AccountManagement, Task<T>> action, ClaimsPrincipal? staff = null) => As(staff ?? _staff, action);
    private Task<T> Decisions<T>(Func<RequestDecisions, Task<T>> action, ClaimsPrincipal? staff = null) => As(staff ?? _staff, action);
    private Task<T> Accounts<T>(Func<PortalAccounts, Task<T>> action, ClaimsPrincipal? staff = null) => As(staff ?? _staff, action);
    private Task<T> Bulk<T>(Func<BulkApproval, Task<T>> action, ClaimsPrincipal? staff = null) => As(staff ?? _staff, action);

    private async Task<SeededRequest> Linked(string first, string last, string email)
    {
        var clientId = await Host.AddClientAsync(Studio.Id, new ClientDetails(first, last, email));
        var request = await Host.Services.CreateRequestAsync(Studio.Id, first, last, email);
        var result = await Decisions(async d => await d.ApproveAsync(request.Id, (await Management(m => m.DetailsAsync(request.Id)))!.Version, clientId));
        Assert.True(result.Succeeded, result.Message);
        return request;
    }

    [Fact]
    public async Task The_pending_grid_pages_sorts_and_filters_on_the_server()
    {
        for (var i = 0; i < 30; i++)
        {
            Host.Time.Advance(TimeSpan.FromMinutes(1));
            await Host.Services.CreateRequestAsync(Studio.Id, $"First{i:00}", $"Last{29 - i:00}", $"person{i:00}@example.com",
                source: i % 3 == 0 ? RequestSource.MagicLink : RequestSource.StudioIdNumber);
        }

        var first = await Management(m => m.PendingAsync(new RequestQuery(Descending: false, PageSize: 25)));
        var second = await Management(m => m.PendingAsync(new RequestQuery(Descending: false, Page: 1, PageSize: 25)));
        var byName = await Management(m => m.PendingAsync(new RequestQuery(Sort: RequestSort.Name, Descending: false, PageSize: 5)));
        var magic = await Management(m => m.PendingAsync(new RequestQuery(Source: RequestSource.MagicLink)));
        var search = await Management(m => m.PendingAsync(new RequestQuery("person07")));

        Assert.Equal((30, 25, 5), (first.TotalCount, first.Items.Count, second.Items.Count));
        Assert.Equal("person00@example.com", first.Items[0].Email);
        Assert.Equal(["Last00", "Last01", "Last02", "Last03", "Last04"], byName.Items.Select(r => r.LastName));
        Assert.Equal(10, magic.TotalCount);
        Assert.All(magic.Items, r => Assert.Equal(RequestSource.MagicLink, r.Source));
        Assert.Equal("First07", Assert.Single(search.Items).FirstName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("'; DROP TABLE AccountRequests; --")]
    [InlineData("\u0000\uFFFF")]
    public async Task Hostile_searches_return_an_answer_never_an_error(string search)
    {
        await Host.Services.CreateRequestAsync(Studio.Id, "Ivy", "Ward", "ivy@example.com");

        var page = await Management(m => m.PendingAsync(new RequestQuery(search + new string('a', search.Length > 3 ? 5000 : 0), PageSize: int.MaxValue, Page: -4)));
        var clients = await Management(m => m.SearchClientsAsync(search));
        var accounts = await Accounts(a => a.GetPageAsync(search, -1, 0));

        Assert.True(page.Items.Count <= AccountManagement.MaxPageSize);
        Assert.NotNull(clients);
        Assert.Equal(0, accounts.TotalCount);
        Assert.Single(await Host.DbAsync().ContinueWith(t => t.Result.AccountRequests.ToList()));
    }

    [Fact]
    public async Task Details_lists_the_matchers_suggestions_best_first_with_reasons_including_clients_added_since()
    {
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Bob", "Smith", "bob.smith@example.com", "+12125550142");
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Robert", "Smith", "robert@example.com", "212 555 0142"));
        await Host.AddClientAsync(Studio.Id, new ClientDetails("Roberta", "Smythe", null));

        var details = (await Management(m => m.DetailsAsync(request.Id)))!;
        var search = await Management(m => m.SearchClientsAsync("smith"));

        var top = details.Suggestions[0];
        Assert.Equal("Robert Smith", top.FullName);
        Assert.True(top.IsSuggestion);
        Assert.Contains("nickname", top.Reasons);
        Assert.Contains("phone", top.Reasons);
        Assert.True(details.Suggestions.Zip(details.Suggestions.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.Equal("Robert Smith", Assert.Single(search).FullName);
    }

    [Fact]
    public async Task Bulk_approve_links_each_request_to_its_top_suggestion_and_lists_what_it_leaves_out()
    {
        var robert = await Host.AddClientAsync(Studio.Id, new ClientDetails("Robert", "Smith", "rob@example.com", "212 555 0142"));
        var maria = await Host.AddClientAsync(Studio.Id, new ClientDetails("Maria", "Garcia", "maria@example.com", "212 555 0177"));
        var bob = await Host.Services.CreateRequestAsync(Studio.Id, "Bob", "Smith", "bob@example.com", "+12125550142");
        var bobby = await Host.Services.CreateRequestAsync(Studio.Id, "Bobby", "Smith", "bobby@example.com");
        var mary = await Host.Services.CreateRequestAsync(Studio.Id, "Maria", "Garcia", "maria.g@example.com", "+12125550177");
        var nobody = await Host.Services.CreateRequestAsync(Studio.Id, "Zed", "Nobody", "zed@example.com");
        long[] selected = [bob.Id, bobby.Id, mary.Id, nobody.Id];

        var preview = await Bulk(b => b.PreviewAsync(selected));

        Assert.Equal(selected, preview.Select(l => l.RequestId));
        Assert.Equal(robert, preview[0].ClientId);
        Assert.Contains("suggested Robert Smith too", preview[1].SkipReason);
        Assert.Equal(maria, preview[2].ClientId);
        Assert.Contains("no suggested client", preview[3].SkipReason);

        var outcomes = await Bulk(b => b.ApproveAsync(preview));

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Message));
        await using var db = await Host.DbAsync();
        Assert.Equal([(robert, bob.UserId), (maria, mary.UserId)],
            (await db.PortalLinks.OrderBy(l => l.Id).ToListAsync()).Select(l => (l.ClientId, l.UserId)));
        Assert.Equal(2, (await RowsAsync()).Count);
        Assert.Equal(2, await db.AccountRequests.CountAsync(r => r.Status == RequestStatus.Pending));
    }

    [Fact]
    public async Task Portal_accounts_lists_links_and_unlink_disable_and_resend_are_audited()
    {
        var request = await Linked("Jo", "March", "jo@example.com");
        var row = Assert.Single((await Accounts(a => a.GetPageAsync(null, 0, 25))).Items);
        Assert.Equal(("jo@example.com", "Jo March", "Approved by staff@example.com", false), (row.AccountEmail, row.ClientName, row.MethodText, row.SignInDisabled));
        Assert.Single((await Accounts(a => a.GetPageAsync("march", 0, 25))).Items);
        Assert.Single((await Accounts(a => a.GetPageAsync("jo@example", 0, 25))).Items);

        Assert.True((await Accounts(a => a.SetSignInDisabledAsync(row.LinkId, true))).Succeeded);
        Assert.True(Assert.Single((await Accounts(a => a.GetPageAsync(null, 0, 25))).Items).SignInDisabled);
        Assert.False((await Accounts(a => a.ResendWelcomeAsync(row.LinkId))).Succeeded);
        Assert.True((await Accounts(a => a.SetSignInDisabledAsync(row.LinkId, false))).Succeeded);
        Assert.True((await Accounts(a => a.ResendWelcomeAsync(row.LinkId))).Succeeded);
        Assert.True((await Accounts(a => a.UnlinkAsync(row.LinkId))).Succeeded);
        Assert.False((await Accounts(a => a.UnlinkAsync(row.LinkId))).Succeeded);

        await using var db = await Host.DbAsync();
        Assert.Empty(await db.PortalLinks.ToListAsync());
        Assert.True(await db.Users.AnyAsync(u => u.Id == request.UserId)); // the account stays: it may belong to other studios
        var actions = await db.AuditEntries.OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal([AuditActions.RequestApproved, AuditActions.SignInDisabled, AuditActions.SignInEnabled, AuditActions.WelcomeResent, AuditActions.PortalLinkRemoved], actions);
        await DrainAsync();
        Assert.Equal(2, Sink.Received.Count(r => r.To == "jo@example.com" && r.Subject.Contains("is ready")));
    }

    [Fact]
    public async Task Staff_of_another_studio_get_not_found_for_any_request_client_or_account_id()
    {
        var clientOfA = await Host.AddClientAsync(Studio.Id, new ClientDetails("Kim", "Lee", "kim@example.com"));
        var pendingOfA = await Host.Services.CreateRequestAsync(Studio.Id, "Kim", "Lee", "kim.other@example.com");
        await Linked("Lou", "Reed", "lou@example.com");
        var linkOfA = Assert.Single((await Accounts(a => a.GetPageAsync(null, 0, 25))).Items).LinkId;
        var versionOfA = (await Management(m => m.DetailsAsync(pendingOfA.Id)))!.Version;

        var studioB = await Host.CreateStudioAsync("Studio B");
        var staffB = await Host.CreateStaffAsync(studioB, "staff@b.example");
        var requestOfB = await Host.Services.CreateRequestAsync(studioB.Id, "Kim", "Lee", "kim.b@example.com");
        var versionOfB = (await Management(m => m.DetailsAsync(requestOfB.Id), staffB))!.Version;

        Assert.Null(await Management(m => m.DetailsAsync(pendingOfA.Id), staffB));
        Assert.Null(await Management(m => m.LoadClientAsync(clientOfA), staffB));
        Assert.Empty(await Management(m => m.SearchClientsAsync("kim"), staffB));
        Assert.Equal(1, (await Management(m => m.PendingAsync(new RequestQuery()), staffB)).TotalCount);
        Assert.Equal(0, (await Management(m => m.HistoryAsync(new RequestQuery()), staffB)).TotalCount);
        Assert.Equal(DecisionStatus.NotFound, (await Decisions(d => d.ApproveAsync(pendingOfA.Id, versionOfA, null), staffB)).Status);
        Assert.Equal(DecisionStatus.NotFound, (await Decisions(d => d.DenyAsync(pendingOfA.Id, versionOfA, null, true), staffB)).Status);
        Assert.Equal(DecisionStatus.ClientNotFound, (await Decisions(d => d.ApproveAsync(requestOfB.Id, versionOfB, clientOfA), staffB)).Status);
        Assert.Empty(await Bulk(b => b.PreviewAsync([pendingOfA.Id]), staffB));
        Assert.Equal(0, (await Accounts(a => a.GetPageAsync(null, 0, 25), staffB)).TotalCount);
        Assert.False((await Accounts(a => a.UnlinkAsync(linkOfA), staffB)).Succeeded);
        Assert.False((await Accounts(a => a.SetSignInDisabledAsync(linkOfA, true), staffB)).Succeeded);
        Assert.False((await Accounts(a => a.ResendWelcomeAsync(linkOfA), staffB)).Succeeded);

        await using var db = await Host.DbAsync();
        Assert.Equal(RequestStatus.Pending, (await db.AccountRequests.SingleAsync(r => r.Id == pendingOfA.Id)).Status);
        Assert.Equal(RequestStatus.Pending, (await db.AccountRequests.SingleAsync(r => r.Id == requestOfB.Id)).Status);
        var link = await db.PortalLinks.SingleAsync();
        Assert.Null(link.SignInDisabledAtUtc);
        Assert.Single(await RowsAsync()); // only studio A's own approval email
    }
}
