using System.Security.Claims;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Tests.TestInfrastructure;

namespace EBallroom.Portal.Tests.Features.Clients;

public class ClientServiceTests : IAsyncLifetime
{
    private readonly PortalTestHost _host = new();
    private StudioInfo _studio = default!;
    private ClaimsPrincipal _staff = default!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _studio = await _host.CreateStudioAsync("Studio A");
        _staff = await _host.CreateStaffAsync(_studio, "staff@a.example");
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private Task<T> As<T>(Func<ClientService, Task<T>> action) => _host.AsAsync(_staff, action);

    [Fact]
    public async Task Adding_a_client_stores_it_in_the_staff_members_studio()
    {
        var result = await As(s => s.CreateAsync(new ClientDetails("Ana", "Lopez", "ana@example.com", "212-555-0142")));

        Assert.Equal(SaveStatus.Saved, result.Status);
        Assert.Equal("(212) 555-0142", result.Client!.PhoneDisplay);
        await using var db = await _host.DbAsync();
        Assert.Equal(_studio.Id, db.Clients.Single().StudioId);
    }

    [Fact]
    public async Task An_invalid_client_is_not_saved_and_every_error_comes_back()
    {
        var result = await As(s => s.CreateAsync(new ClientDetails("", "Lopez", "nope")));

        Assert.Equal(SaveStatus.Invalid, result.Status);
        Assert.NotNull(result.ErrorFor("FirstName"));
        Assert.NotNull(result.ErrorFor("Email"));
        await using var db = await _host.DbAsync();
        Assert.Empty(db.Clients);
    }

    [Fact]
    public async Task Two_clients_of_a_studio_cannot_share_a_client_id()
    {
        await As(s => s.CreateAsync(new ClientDetails("Ana", "Lopez", ExternalId: "A-1")));
        var second = await As(s => s.CreateAsync(new ClientDetails("Bo", "Kim", ExternalId: "A-1")));

        Assert.Equal(SaveStatus.Invalid, second.Status);
        Assert.NotNull(second.ErrorFor("ExternalId"));
    }

    [Fact]
    public async Task An_edit_on_top_of_a_stale_version_is_refused_and_changes_nothing()
    {
        var created = (await As(s => s.CreateAsync(new ClientDetails("Ana", "Lopez")))).Client!;
        var first = await As(s => s.UpdateAsync(created.Id, created.Version, new ClientDetails("Anna", "Lopez")));
        var second = await As(s => s.UpdateAsync(created.Id, created.Version, new ClientDetails("Ann", "Lopez")));

        Assert.Equal(SaveStatus.Saved, first.Status);
        Assert.Equal(SaveStatus.Conflict, second.Status);
        Assert.Equal("Anna", (await As(s => s.GetAsync(created.Id)))!.FirstName);
    }

    [Fact]
    public async Task Concurrent_edits_of_one_client_let_exactly_one_win()
    {
        var created = (await As(s => s.CreateAsync(new ClientDetails("Ana", "Lopez")))).Client!;
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => As(s => s.UpdateAsync(created.Id, created.Version, new ClientDetails($"Ana{i}", "Lopez"))))));

        Assert.Equal(1, results.Count(r => r.Status == SaveStatus.Saved));
        Assert.All(results.Where(r => r.Status != SaveStatus.Saved), r => Assert.Equal(SaveStatus.Conflict, r.Status));
    }

    [Fact]
    public async Task Pages_are_sorted_and_counted_on_the_server()
    {
        foreach (var (first, last) in new[] { ("Cy", "Young"), ("Al", "Adams"), ("Bea", "Moore"), ("Al", "Zed"), ("Di", "Brown") })
            await _host.AddClientAsync(_studio.Id, new ClientDetails(first, last, $"{first}.{last}@example.com".ToLowerInvariant()));

        var page = await As(s => s.GetPageAsync(new ClientQuery(Page: 1, PageSize: 2)));
        var desc = await As(s => s.GetPageAsync(new ClientQuery(Sort: ClientSort.Email, Descending: true, PageSize: 1)));

        Assert.Equal(5, page.TotalCount);
        Assert.Equal(["Moore", "Young"], page.Items.Select(c => c.LastName));
        Assert.Equal("di.brown@example.com", desc.Items.Single().Email);
    }

    [Theory]
    [InlineData("lopez", 2)]
    [InlineData("ANA LOPEZ", 1)]
    [InlineData("zoe", 1)]
    [InlineData("(212) 555-0142", 1)]
    [InlineData("5550142", 1)]
    [InlineData("example.org", 1)]
    [InlineData("nobody", 0)]
    [InlineData("%", 0)]
    [InlineData("_", 0)]
    [InlineData("'; DROP TABLE Clients; --", 0)]
    public async Task Search_matches_name_email_and_phone_in_any_format(string search, int expected)
    {
        await _host.AddClientAsync(_studio.Id, new ClientDetails("Ana", "Lopez", "ana@example.com", "212 555 0142"));
        await _host.AddClientAsync(_studio.Id, new ClientDetails("Luis", "Lopez", "luis@example.com"));
        await _host.AddClientAsync(_studio.Id, new ClientDetails("Zoë", "Kim", "zoe@example.org"));

        var page = await As(s => s.GetPageAsync(new ClientQuery(search)));

        Assert.Equal(expected, page.TotalCount);
        Assert.Equal(expected, page.Items.Count);
    }

    [Fact]
    public async Task Page_size_and_page_are_clamped()
    {
        for (var i = 0; i < 3; i++) await _host.AddClientAsync(_studio.Id, new ClientDetails($"C{i}", "Test"));

        var huge = await As(s => s.GetPageAsync(new ClientQuery(PageSize: 1_000_000, Page: -5)));

        Assert.Equal(3, huge.Items.Count);
    }
}
