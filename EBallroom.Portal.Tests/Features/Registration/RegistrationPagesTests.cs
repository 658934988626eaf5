using System.Net;
using System.Text.RegularExpressions;
using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Features.Registration;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EBallroom.Portal.Tests.Features.SelfRegistration;

/// <summary>The public registration pages over HTTP: real server, real SQLite file, real SMTP (the Dev mailbox).</summary>
public class RegistrationPagesTests(FakeClockAppFactory app) : IClassFixture<FakeClockAppFactory>
{
    private const string Password = "a fine long passphrase";

    private async Task<(StudioInfo Studio, string JoinPath)> NewStudioAsync()
    {
        var studio = await app.CreateStudioAsync("Join " + Guid.NewGuid().ToString("N")[..6]);
        await using var scope = app.Services.CreateAsyncScope();
        var url = (await scope.ServiceProvider.GetRequiredService<RegistrationLinks>().GetOrCreateAsync(studio.Id)).Url!;
        return (studio, new Uri(url).AbsolutePath);
    }

    private static Dictionary<string, string> Form(string email, string first = "Ana", string last = "Lopez", string? phone = null,
        string? birth = null, string password = Password) => new()
    {
        ["Model.FirstName"] = first, ["Model.LastName"] = last, ["Model.Email"] = email, ["Model.Phone"] = phone ?? "",
        ["Model.BirthDate"] = birth ?? "", ["Model.Password"] = password, ["Model.ConfirmPassword"] = password,
    };

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields, bool withToken = true)
    {
        var all = new Dictionary<string, string>(fields) { ["_handler"] = handler };
        if (withToken) all["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync(path);
        return await client.PostAsync(path, new FormUrlEncodedContent(all));
    }

    private async Task<string> ConfirmLinkPathAsync(string email)
    {
        await app.Services.GetRequiredService<OutboxDrainer>().DrainAsync();
        var message = app.Services.GetRequiredService<DevMailbox>().Server.Received.Last(r => r.To == email).Message;
        return "/register/confirm/" + Regex.Match(message.TextBody ?? "", "/register/confirm/([A-Za-z0-9_-]{43})").Groups[1].Value;
    }

    private async Task<T> Db<T>(Func<PortalDbContext, Task<T>> query)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task A_client_registers_through_the_magic_link_confirms_and_lands_signed_in_on_their_account()
    {
        var (studio, join) = await NewStudioAsync();
        var email = Unique("ana");
        await app.AddClientAsync(studio.Id, new ClientDetails("Ana", "Lopez", email, "212 555 0142"));
        var client = app.CreateBrowserLikeClient();

        var page = await client.GetStringAsync(join);
        var submitted = await PostFormAsync(client, join, "join", Form(email));
        var confirmPath = await ConfirmLinkPathAsync(email);
        var confirmPage = await client.GetAsync(confirmPath);
        var unconsumed = await Db(db => db.PendingRegistrations.CountAsync(p => p.Email == email && p.ConfirmedAtUtc == null));
        var confirmed = await PostFormAsync(client, confirmPath, "confirm", []);
        var accountResponse = await client.GetAsync(confirmed.Headers.Location!.OriginalString);
        var account = await accountResponse.Content.ReadAsStringAsync();
        Assert.True(accountResponse.IsSuccessStatusCode, account.Length > 3000 ? account[..3000] : account);

        Assert.Contains(studio.Name, page);
        submitted.AssertRedirectsTo("/register/check-email");
        Assert.Equal(HttpStatusCode.OK, confirmPage.StatusCode);
        Assert.Contains("data-testid=\"confirm\"", await confirmPage.Content.ReadAsStringAsync());
        Assert.Equal(1, unconsumed); // the GET used nothing
        confirmed.AssertRedirectsTo($"/account?joined={studio.Id}");
        Assert.Contains($"Welcome to the client portal of {studio.Name}", account);
        Assert.Contains("(212) 555-0142", account);
        Assert.Contains(email, account);
    }

    [Fact]
    public async Task A_stranger_becomes_a_new_client_and_a_lookalike_waits_for_review()
    {
        var (studio, join) = await NewStudioAsync();
        await app.AddClientAsync(studio.Id, new ClientDetails("Grace", "Okafor", Unique("grace"), "312 555 0143", new DateOnly(1986, 9, 30)));

        async Task<string> RegisterAndConfirm(Dictionary<string, string> form)
        {
            var client = app.CreateBrowserLikeClient();
            (await PostFormAsync(client, join, "join", form)).AssertRedirectsTo("/register/check-email");
            var confirmed = await PostFormAsync(client, await ConfirmLinkPathAsync(form["Model.Email"]), "confirm", []);
            return await client.GetStringAsync(confirmed.Headers.Location!.OriginalString);
        }

        var stranger = await RegisterAndConfirm(Form(Unique("yuki"), "Yuki", "Tanaka"));
        var lookalike = await RegisterAndConfirm(Form(Unique("other"), "Grace", "Okafor", "312-555-0143", "1986-09-30"));

        Assert.Contains("Welcome to the client portal", stranger);
        Assert.Contains("Yuki", stranger);
        Assert.Contains("will review your request", lookalike);
        Assert.Equal(1, await Db(db => db.AccountRequests.CountAsync(r => r.StudioId == studio.Id && r.Status == RequestStatus.Pending)));
        Assert.Equal(2, await Db(db => db.Clients.CountAsync(c => c.StudioId == studio.Id)));
    }

    [Fact]
    public async Task The_studio_id_number_form_always_makes_a_request_for_staff()
    {
        var (studio, _) = await NewStudioAsync();
        var email = Unique("legacy");
        await app.AddClientAsync(studio.Id, new ClientDetails("Ana", "Lopez", email));
        var client = app.CreateBrowserLikeClient();

        var form = Form(email);
        form["Model.StudioIdNumber"] = studio.IdNumber;
        (await PostFormAsync(client, "/register", "register", form)).AssertRedirectsTo("/register/check-email");
        var confirmed = await PostFormAsync(client, await ConfirmLinkPathAsync(email), "confirm", []);
        var account = await client.GetStringAsync(confirmed.Headers.Location!.OriginalString);

        Assert.Contains("will review your request", account);
        Assert.Equal(0, await Db(db => db.PortalLinks.CountAsync(l => l.StudioId == studio.Id)));
    }

    [Fact]
    public async Task Whether_the_email_has_an_account_or_the_studio_exists_the_answer_is_the_same()
    {
        var (studio, join) = await NewStudioAsync();
        var taken = Unique("taken");
        await app.CreateStaffAsync(studio, taken, Password);

        var fresh = Unique("fresh");
        var forTaken = await PostFormAsync(app.CreateBrowserLikeClient(), join, "join", Form(taken));
        var forNew = await PostFormAsync(app.CreateBrowserLikeClient(), join, "join", Form(fresh));
        var unknownStudio = Form(Unique("nostudio"));
        unknownStudio["Model.StudioIdNumber"] = "999998";
        var forUnknown = await PostFormAsync(app.CreateBrowserLikeClient(), "/register", "register", unknownStudio);

        Assert.All([forTaken, forNew, forUnknown], r => r.AssertRedirectsTo("/register/check-email"));
        Assert.Equal(forNew.StatusCode, forTaken.StatusCode);
        // The antiforgery token, and the encrypted component state that carries it, differ on every response.
        static string WithoutTokens(string html) => Regex.Replace(Regex.Replace(html, "CfDJ8[A-Za-z0-9_-]+", ""), "Component-State:.*?-->", "", RegexOptions.Singleline);
        Assert.Equal(forNew.Headers.Location, forTaken.Headers.Location);
        Assert.Equal(WithoutTokens((await forNew.Content.ReadAsStringAsync()).Replace(fresh, "EMAIL")),
            WithoutTokens((await forTaken.Content.ReadAsStringAsync()).Replace(taken, "EMAIL")));
    }

    [Fact]
    public async Task A_regenerated_or_disabled_link_says_so_on_a_friendly_page()
    {
        var (studio, join) = await NewStudioAsync();
        await app.CreateStaffAsync(studio, Unique("staff"), Password);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var staff = new StaffMember("u", "Staff", studio.Id, true);
            await scope.ServiceProvider.GetRequiredService<RegistrationLinks>().RegenerateAsync(staff);
        }

        var old = await app.CreateBrowserLikeClient().GetAsync(join);
        var garbage = await app.CreateBrowserLikeClient().GetAsync("/join/%3Cscript%3E");
        var (other, otherJoin) = await NewStudioAsync();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RegistrationLinks>().SetEnabledAsync(new StaffMember("u", "Staff", other.Id, true), false);
        var disabled = await app.CreateBrowserLikeClient().GetAsync(otherJoin);

        Assert.Equal(HttpStatusCode.Gone, disabled.StatusCode);
        Assert.Contains("no longer valid — ask your studio for the current one", await disabled.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
        Assert.Contains("no longer valid — ask your studio for the current one", await old.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, garbage.StatusCode);
    }

    [Fact]
    public async Task A_used_link_says_so_and_an_expired_one_offers_a_new_one()
    {
        var (_, join) = await NewStudioAsync();
        var used = Unique("used");
        var late = Unique("late");
        await PostFormAsync(app.CreateBrowserLikeClient(), join, "join", Form(used));
        await PostFormAsync(app.CreateBrowserLikeClient(), join, "join", Form(late, "Bo", "Kim"));
        var usedPath = await ConfirmLinkPathAsync(used);
        var latePath = await ConfirmLinkPathAsync(late);

        await PostFormAsync(app.CreateBrowserLikeClient(), usedPath, "confirm", []);
        var again = await app.CreateBrowserLikeClient().GetAsync(usedPath);
        app.Time.Advance(TimeSpan.FromHours(25));
        var client = app.CreateBrowserLikeClient();
        var expired = await client.GetAsync(latePath);
        var resent = await PostFormAsync(client, latePath, "resend", []);
        var freshPath = await ConfirmLinkPathAsync(late);

        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("already used", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("data-testid=\"resend\"", await expired.Content.ReadAsStringAsync());
        Assert.Contains("a new link is on its way", await resent.Content.ReadAsStringAsync());
        Assert.NotEqual(latePath, freshPath);
        (await PostFormAsync(app.CreateBrowserLikeClient(), freshPath, "confirm", [])).AssertRedirectsTo("/account");
    }

    [Fact]
    public async Task Someone_with_an_account_signs_in_from_the_email_and_the_studio_is_added_to_their_account()
    {
        var (first, firstJoin) = await NewStudioAsync();
        var (second, secondJoin) = await NewStudioAsync();
        var email = Unique("returning");
        var client = app.CreateBrowserLikeClient();
        await PostFormAsync(client, firstJoin, "join", Form(email));
        await PostFormAsync(client, await ConfirmLinkPathAsync(email), "confirm", []);

        var browser = app.CreateBrowserLikeClient();
        (await PostFormAsync(browser, secondJoin, "join", Form(email, password: "someone else's guess"))).AssertRedirectsTo("/register/check-email");
        var confirmPath = await ConfirmLinkPathAsync(email);
        var anonymous = await PostFormAsync(browser, confirmPath, "confirm", []);
        anonymous.AssertRedirectsTo("/Identity/Account/Login?ReturnUrl=" + Uri.EscapeDataString(confirmPath));
        (await browser.SignInAsync(email, Password, confirmPath)).AssertRedirectsTo(confirmPath);
        var confirmed = await PostFormAsync(browser, confirmPath, "confirm", []);
        var account = await browser.GetStringAsync(confirmed.Headers.Location!.OriginalString);

        confirmed.AssertRedirectsTo($"/account?joined={second.Id}");
        Assert.Contains(first.Name, account);
        Assert.Contains(second.Name, account);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_stores_nothing()
    {
        var (_, join) = await NewStudioAsync();
        var email = Unique("csrf");

        var response = await PostFormAsync(app.CreateBrowserLikeClient(), join, "join", Form(email), withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await Db(db => db.PendingRegistrations.CountAsync(p => p.Email == email)));
    }

    [Theory]
    [InlineData("huge")]
    [InlineData("control")]
    [InlineData("bad-email")]
    [InlineData("bad-phone")]
    [InlineData("emoji-rtl-markup")]
    public async Task Hostile_input_gets_a_4xx_with_a_message_and_stores_nothing(string kind)
    {
        var (_, join) = await NewStudioAsync();
        var email = Unique("hostile");
        var form = kind switch
        {
            "huge" => Form(email, new string('x', 10_000), new string('y', 10_000)),
            "control" => Form(email, "\u0001\u0002", "\u0007"),
            "bad-email" => Form("not an email <script>", "Ana", "Lopez"),
            "bad-phone" => Form(email, "Ana", "Lopez", "12; DROP TABLE Clients"),
            _ => Form("💃@例え.jp", "<b>Ana</b>", "\u202Egnol\u202C", password: "x"),
        };

        var response = await PostFormAsync(app.CreateBrowserLikeClient(), join, "join", form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Please correct the fields marked below.", html);
        Assert.Contains("data-field-error", html);
        Assert.DoesNotContain("<b>Ana</b>", html);
        Assert.Equal(0, await Db(db => db.PendingRegistrations.CountAsync(p => p.Email == email)));
    }
}

public sealed class FloodedRegistrationAppFactory : PortalAppFactory
{
    protected override void Adjust(IDictionary<string, string?> settings) => settings["RateLimits:RegistrationPerMinute"] = "3";
}

public class RegistrationFloodTests(FloodedRegistrationAppFactory app) : IClassFixture<FloodedRegistrationAppFactory>
{
    [Fact]
    public async Task A_flood_of_registration_posts_gets_429_with_a_readable_page()
    {
        var client = app.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            var token = await client.AntiforgeryTokenAsync("/register");
            last = await client.PostAsync("/register", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "register", ["__RequestVerificationToken"] = token, ["Model.StudioIdNumber"] = "123456",
            }));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal((HttpStatusCode)429, statuses[^1]);
        Assert.Contains("Too many attempts", await last!.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/register")).StatusCode);
    }
}
