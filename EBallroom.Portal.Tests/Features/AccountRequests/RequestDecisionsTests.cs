using System.Security.Claims;
using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.Audit;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Portal;
using EBallroom.Portal.Tests.Features.Outbox;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.AccountRequests;

/// <summary>Approve and deny over a real SQLite file, with emails delivered to a real SMTP server on loopback.</summary>
public class RequestDecisionsTests : OutboxTestBase
{
    private ClaimsPrincipal _ana = default!, _ben = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _ana = await Host.CreateStaffAsync(Studio, "ana.staff@example.com", admin: true);
        _ben = await Host.CreateStaffAsync(Studio, "ben.staff@example.com");
    }

    private async Task<T> As<T>(ClaimsPrincipal staff, Func<RequestDecisions, Task<T>> action)
    {
        await using var scope = Host.As(staff);
        return await action(scope.ServiceProvider.GetRequiredService<RequestDecisions>());
    }

    private async Task<RequestDetails?> Details(long id, ClaimsPrincipal? staff = null)
    {
        await using var scope = Host.As(staff ?? _ana);
        return await scope.ServiceProvider.GetRequiredService<AccountManagement>().DetailsAsync(id);
    }

    private async Task<T> Db<T>(Func<EBallroom.Portal.Infrastructure.Data.PortalDbContext, Task<T>> query)
    {
        await using var db = await Host.DbAsync();
        return await query(db);
    }

    [Fact]
    public async Task Approving_a_request_links_the_account_and_queues_the_email()
    {
        var clientId = await Host.AddClientAsync(Studio.Id, new ClientDetails("Robert", "Smith", "old-rob@example.com", "212 555 0142"));
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Bob", "Smith", "rob@example.com", "+12125550142");
        var details = (await Details(request.Id))!;

        var result = await As(_ana, d => d.ApproveAsync(request.Id, details.Version, clientId));

        Assert.True(result.Succeeded, result.Message);
        var link = await Db(db => db.PortalLinks.SingleAsync());
        Assert.Equal((clientId, request.UserId, LinkMethod.StaffApproval, "ana.staff@example.com"), (link.ClientId, link.UserId, link.Method, link.LinkedByName));
        var decided = await Db(db => db.AccountRequests.SingleAsync());
        Assert.Equal((RequestStatus.Approved, clientId, "ana.staff@example.com", Host.Time.GetUtcNow().UtcDateTime),
            (decided.Status, decided.LinkedClientId, decided.DecidedByName, decided.DecidedAtUtc!.Value));
        Assert.Contains(await Db(db => db.AuditEntries.ToListAsync()), e => e.Action == AuditActions.RequestApproved && e.Target == $"request {request.Id}");
        Assert.Single(await RowsAsync());

        await DrainAsync();
        var email = Assert.Single(Sink.Received);
        Assert.Equal("rob@example.com", email.To);
        Assert.Equal("Your client portal account at Outbox Studio is ready", email.Subject);
        Assert.Contains("https://portal.example.com/account", email.Message.TextBody);
        await using var scope = Host.As(_ana);
        var management = scope.ServiceProvider.GetRequiredService<AccountManagement>();
        Assert.Equal(0, await management.PendingCountAsync());
        Assert.Empty((await management.PendingAsync(new RequestQuery())).Items);
        var history = Assert.Single((await management.HistoryAsync(new RequestQuery())).Items);
        Assert.Equal(("Robert Smith", "ana.staff@example.com"), (history.LinkedClientName, history.DecidedByName));
    }

    [Fact]
    public async Task Approve_as_new_client_creates_the_client_from_the_registration()
    {
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Yuki", "Tanaka", "yuki@example.com", "+12125550199", new DateOnly(1990, 1, 2));

        var result = await As(_ana, async d => await d.ApproveAsync(request.Id, (await Details(request.Id))!.Version, clientId: null));

        Assert.True(result.Succeeded, result.Message);
        var client = await Db(db => db.Clients.SingleAsync());
        Assert.Equal(("Yuki", "Tanaka", "yuki@example.com", "+12125550199", new DateOnly(1990, 1, 2), Studio.Id),
            (client.FirstName, client.LastName, client.Email, client.Phone, client.BirthDate, client.StudioId));
        Assert.Equal(client.Id, (await Db(db => db.PortalLinks.SingleAsync())).ClientId);
        Assert.Contains(await Db(db => db.AuditEntries.ToListAsync()), e => e.Action == AuditActions.ClientCreatedFromRequest);
        Assert.Single(await RowsAsync());
    }

    [Fact]
    public async Task Deny_with_email_tells_the_customer_the_reason()
    {
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Eve", "Mallory", "eve@example.com");

        var result = await As(_ben, async d => await d.DenyAsync(request.Id, (await Details(request.Id))!.Version, "  We have no client by that name.  ", emailCustomer: true));

        Assert.True(result.Succeeded, result.Message);
        var decided = await Db(db => db.AccountRequests.SingleAsync());
        Assert.Equal((RequestStatus.Denied, "We have no client by that name.", true, "ben.staff@example.com"),
            (decided.Status, decided.DenialReason, decided.CustomerNotified, decided.DecidedByName));
        Assert.Empty(await Db(db => db.PortalLinks.ToListAsync()));
        Assert.Contains(await Db(db => db.AuditEntries.ToListAsync()), e => e.Action == AuditActions.RequestDenied);
        await DrainAsync();
        var email = Assert.Single(Sink.Received);
        Assert.Equal(("eve@example.com", "Your client portal request at Outbox Studio"), (email.To, email.Subject));
        Assert.Contains("We have no client by that name.", email.Message.TextBody);
    }

    [Fact]
    public async Task Deny_without_email_sends_nothing_and_shows_in_history()
    {
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Eve", "Mallory", "eve@example.com");

        var result = await As(_ana, async d => await d.DenyAsync(request.Id, (await Details(request.Id))!.Version, null, emailCustomer: false));

        Assert.True(result.Succeeded, result.Message);
        Assert.Empty(await RowsAsync());
        await using var scope = Host.As(_ana);
        var history = Assert.Single((await scope.ServiceProvider.GetRequiredService<AccountManagement>().HistoryAsync(new RequestQuery())).Items);
        Assert.Equal((RequestStatus.Denied, (string?)null, false), (history.Status, history.Reason, history.CustomerNotified));
    }

    [Fact]
    public async Task Two_staff_approving_one_request_at_once_exactly_one_succeeds_and_the_other_is_told_who_and_when()
    {
        var newClientsByWinners = 0;
        for (var round = 0; round < 8; round++)
        {
            var clientId = await Host.AddClientAsync(Studio.Id, new ClientDetails("Carla", $"Race{round}", $"carla{round}@example.com"));
            var request = await Host.Services.CreateRequestAsync(Studio.Id, "Carla", $"Race{round}", $"carla{round}@example.com");
            var version = (await Details(request.Id))!.Version;

            // Ana links the client, Ben approves as a new client or denies: every pairing must leave one decision only.
            var results = await Task.WhenAll(
                Task.Run(() => As(_ana, d => d.ApproveAsync(request.Id, version, clientId))),
                Task.Run(() => As(_ben, d => round % 2 == 0 ? d.ApproveAsync(request.Id, version, null) : d.DenyAsync(request.Id, version, null, true))));

            Assert.Single(results, r => r.Succeeded);
            var loser = Assert.Single(results, r => !r.Succeeded);
            Assert.Equal(DecisionStatus.AlreadyDecided, loser.Status);
            var decided = await Db(db => db.AccountRequests.SingleAsync(r => r.Id == request.Id));
            Assert.Equal(RequestDecisions.DecidedText(decided.Status, decided.DecidedByName, decided.DecidedAtUtc), loser.Message);
            Assert.Matches(@"^Already (approved|denied) by (ana|ben)\.staff@example\.com at 2026-12-03 12:00 UTC\.$", loser.Message);
            Assert.Equal(decided.Status == RequestStatus.Approved ? 1 : 0, await Db(db => db.PortalLinks.CountAsync(l => l.UserId == request.UserId)));
            if (round % 2 == 0 && results[1].Succeeded) newClientsByWinners++;
        }
        // One email per decision, never one for the loser; no client created by a losing "approve as new".
        Assert.Equal(8, (await RowsAsync()).Count);
        Assert.Equal(8 + newClientsByWinners, await Db(db => db.Clients.CountAsync()));
    }

    [Fact]
    public async Task A_decision_on_a_stale_page_reads_already_approved_by_name_at_time()
    {
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Dan", "Stale", "dan@example.com");
        var seenByBen = (await Details(request.Id, _ben))!;
        Assert.True((await As(_ana, d => d.ApproveAsync(request.Id, seenByBen.Version, null))).Succeeded);
        Host.Time.Advance(TimeSpan.FromMinutes(5));

        var late = await As(_ben, d => d.DenyAsync(request.Id, seenByBen.Version, "duplicate", true));

        Assert.Equal((DecisionStatus.AlreadyDecided, "Already approved by ana.staff@example.com at 2026-12-03 12:00 UTC."), (late.Status, late.Message));
        Assert.Equal(RequestStatus.Approved, (await Db(db => db.AccountRequests.SingleAsync())).Status);
        Assert.Single(await RowsAsync());
    }

    [Fact]
    public async Task A_client_linked_to_another_account_is_moved_only_with_an_explicit_audited_replace()
    {
        var clientId = await Host.AddClientAsync(Studio.Id, new ClientDetails("Fay", "Moss", "fay@example.com"));
        var first = await Host.Services.CreateRequestAsync(Studio.Id, "Fay", "Moss", "fay@example.com");
        var second = await Host.Services.CreateRequestAsync(Studio.Id, "Fay", "Moss", "fay.new@example.com");
        Assert.True((await As(_ana, async d => await d.ApproveAsync(first.Id, (await Details(first.Id))!.Version, clientId))).Succeeded);
        var version = (await Details(second.Id))!.Version;

        var refused = await As(_ana, d => d.ApproveAsync(second.Id, version, clientId));
        Assert.Equal(DecisionStatus.ClientTaken, refused.Status);
        Assert.Contains("already linked to the portal account fay@example.com", refused.Message);
        Assert.Equal(first.UserId, (await Db(db => db.PortalLinks.SingleAsync())).UserId);
        Assert.Equal(RequestStatus.Pending, (await Db(db => db.AccountRequests.SingleAsync(r => r.Id == second.Id))).Status);
        Assert.Single(await RowsAsync());

        var replaced = await As(_ana, d => d.ApproveAsync(second.Id, version, clientId, replaceExistingLink: true));
        Assert.True(replaced.Succeeded, replaced.Message);
        Assert.Equal(second.UserId, (await Db(db => db.PortalLinks.SingleAsync())).UserId);
        var audit = Assert.Single(await Db(db => db.AuditEntries.Where(e => e.Action == AuditActions.PortalLinkReplaced).ToListAsync()));
        Assert.Contains("unlinked from fay@example.com to link fay.new@example.com", audit.Details);
    }

    [Fact]
    public async Task An_account_already_linked_at_the_studio_is_not_linked_to_a_second_client()
    {
        var linked = await Host.AddClientAsync(Studio.Id, new ClientDetails("Gus", "One", "gus@example.com"));
        var other = await Host.AddClientAsync(Studio.Id, new ClientDetails("Gus", "Two", "gus2@example.com"));
        var first = await Host.Services.CreateRequestAsync(Studio.Id, "Gus", "One", "gus@example.com");
        Assert.True((await As(_ana, async d => await d.ApproveAsync(first.Id, (await Details(first.Id))!.Version, linked))).Succeeded);
        var again = await Host.Services.CreateRequestAsync(Studio.Id, "Gus", "Two", "gus@example.com");

        var result = await As(_ana, async d => await d.ApproveAsync(again.Id, (await Details(again.Id))!.Version, other));

        Assert.Equal(DecisionStatus.AccountAlreadyLinked, result.Status);
        Assert.Contains("already linked to Gus One", result.Message);
        Assert.Single(await Db(db => db.PortalLinks.ToListAsync()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Bad_input_gets_a_clear_answer_and_changes_nothing(int kind)
    {
        var request = await Host.Services.CreateRequestAsync(Studio.Id, "Hal", "Input", "hal@example.com");
        var version = (await Details(request.Id))!.Version;

        var result = kind switch
        {
            0 => await As(_ana, d => d.DenyAsync(request.Id, version, new string('x', AccountRequest.ReasonMaxLength + 1), true)),
            1 => await As(_ana, d => d.ApproveAsync(request.Id, Guid.NewGuid(), null)),
            _ => await As(_ana, d => d.ApproveAsync(long.MaxValue, version, null)),
        };

        Assert.False(result.Succeeded);
        Assert.Equal(kind switch { 0 => DecisionStatus.Invalid, 1 => DecisionStatus.AlreadyDecided, _ => DecisionStatus.NotFound }, result.Status);
        Assert.Equal(RequestStatus.Pending, (await Db(db => db.AccountRequests.SingleAsync())).Status);
        Assert.Empty(await RowsAsync());
        Assert.Empty(await Db(db => db.Clients.ToListAsync()));
    }
}
