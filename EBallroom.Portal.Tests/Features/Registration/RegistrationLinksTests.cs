using System.Net;
using System.Security.Claims;
using EBallroom.Portal.Features.Audit;
using EBallroom.Portal.Features.Registration;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Identity;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.SelfRegistration;

public class RegistrationLinksTests : IAsyncLifetime
{
    private readonly PortalTestHost _host = new(s => s["Portal:BaseUrl"] = "https://portal.example.com");
    private StudioInfo _a = default!, _b = default!;
    private StaffMember _staffA = default!, _staffB = default!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _a = await _host.CreateStudioAsync("Studio A");
        _b = await _host.CreateStudioAsync("Studio B");
        _staffA = CurrentStaff.FromPrincipal(await _host.CreateStaffAsync(_a, "a@example.com"))!;
        _staffB = CurrentStaff.FromPrincipal(await _host.CreateStaffAsync(_b, "b@example.com"))!;
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private RegistrationLinks Links => _host.Services.CreateScope().ServiceProvider.GetRequiredService<RegistrationLinks>();

    private static string TokenOf(RegistrationLinkInfo info) => info.Url![(info.Url!.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task The_first_request_creates_a_long_random_link_that_resolves_to_the_studio_and_is_stored_only_hashed()
    {
        var link = await Links.GetOrCreateAsync(_a.Id, _staffA);
        var again = await Links.GetOrCreateAsync(_a.Id, _staffA);

        Assert.StartsWith("https://portal.example.com/join/", link.Url);
        Assert.Equal(link.Url, again.Url);
        var token = TokenOf(link);
        Assert.Equal(32, token.Length); // 192 bits, base64url
        Assert.Equal(new ResolvedLink(_a.Id, "Studio A", true), await Links.ResolveAsync(token));

        await using var db = await _host.DbAsync();
        var row = await db.RegistrationLinks.SingleAsync();
        Assert.Equal(RegistrationLink.Hash(token), row.TokenHash);
        Assert.DoesNotContain(token, row.TokenHash + row.ProtectedToken);
        Assert.Single(db.AuditEntries.Where(e => e.Action == AuditActions.RegistrationLinkCreated && e.ActorUserId == _staffA.UserId));
    }

    [Fact]
    public async Task Regenerating_stops_the_old_link_at_once_and_is_audited()
    {
        var old = TokenOf(await Links.GetOrCreateAsync(_a.Id, _staffA));

        var fresh = await Links.RegenerateAsync(_staffA);

        Assert.Null(await Links.ResolveAsync(old));
        Assert.Equal(_a.Id, (await Links.ResolveAsync(TokenOf(fresh)))!.StudioId);
        await using var db = await _host.DbAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.RegistrationLinkRegenerated);
        Assert.Equal((_a.Id, _staffA.UserId, _host.Time.GetUtcNow().UtcDateTime), (entry.StudioId, entry.ActorUserId, entry.AtUtc));
    }

    [Fact]
    public async Task A_disabled_link_still_names_its_studio_as_disabled_and_enabling_brings_it_back()
    {
        var token = TokenOf(await Links.GetOrCreateAsync(_a.Id, _staffA));

        var disabled = await Links.SetEnabledAsync(_staffA, false);
        var resolvedWhileDisabled = await Links.ResolveAsync(token);
        await Links.SetEnabledAsync(_staffA, false);
        await Links.SetEnabledAsync(_staffA, true);

        Assert.False(disabled.IsEnabled);
        Assert.False(resolvedWhileDisabled!.IsEnabled);
        Assert.True((await Links.ResolveAsync(token))!.IsEnabled);
        await using var db = await _host.DbAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.RegistrationLinkDisabled));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.RegistrationLinkEnabled));
    }

    [Fact]
    public async Task Staff_change_only_their_own_studios_link()
    {
        var tokenA = TokenOf(await Links.GetOrCreateAsync(_a.Id, _staffA));

        await Links.RegenerateAsync(_staffB);
        await Links.SetEnabledAsync(_staffB, false);

        Assert.Equal(new ResolvedLink(_a.Id, "Studio A", true), await Links.ResolveAsync(tokenA));
        await using var db = await _host.DbAsync();
        Assert.Equal(2, await db.RegistrationLinks.CountAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("' OR 1=1 --aaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("ÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖ")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Malformed_or_unknown_tokens_are_not_links(string? token)
    {
        await Links.GetOrCreateAsync(_a.Id, _staffA);
        Assert.Null(await Links.ResolveAsync(token));
        Assert.Null(await Links.ResolveAsync(new string('a', 10_000)));
    }

    [Fact]
    public async Task Two_first_visits_at_once_make_one_link()
    {
        var links = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Links.GetOrCreateAsync(_a.Id, _staffA))));

        Assert.Single(links.Select(l => l.Url).Distinct());
        await using var db = await _host.DbAsync();
        Assert.Equal(1, await db.RegistrationLinks.CountAsync(l => l.StudioId == _a.Id));
    }
}

public class RegistrationLinkCommandTests : CliTestBase
{
    [Fact]
    public async Task The_verb_prints_the_studios_link_creating_it_once()
    {
        var studio = (await Run("create-studio", "--name", "Cli Links")).Out.Trim().Split('\n')[^1].Trim();

        var first = await Run("registration-link", "--studio", studio);
        var second = await Run("registration-link", "--studio", studio);

        Assert.Equal(0, first.Code);
        Assert.Matches("^http://localhost:5140/join/[A-Za-z0-9_-]{32}$", first.Out.Trim());
        Assert.Equal(first.Out, second.Out);
        Assert.Equal(1, (await Run("registration-link", "--studio", "999999")).Code);
        Assert.Equal(2, (await Run("registration-link")).Code);
    }
}

public class RegistrationLinksPageTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task The_page_shows_the_link_and_its_QR_code_to_the_studios_staff()
    {
        var studio = await app.CreateStudioAsync("Page Links");
        await app.CreateStaffAsync(studio, "links@example.com", "correct horse battery");
        var client = app.CreateBrowserLikeClient();
        await client.SignInAsync("links@example.com", "correct horse battery");

        var html = await client.GetStringAsync("/outreach/client-portal/registration-links");

        Assert.Contains("/join/", html);
        Assert.Contains("src=\"data:image/png;base64,", html);
        (await app.CreateBrowserLikeClient().GetAsync("/outreach/client-portal/registration-links")).AssertRedirectsTo("/Identity/Account/Login");
    }
}
