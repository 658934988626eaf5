using System.Net;
using EBallroom.Portal.Areas.Identity.Pages.Account;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Identity;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.Staff;

public class StaffSignInTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string Password = "correct horse battery";

    private async Task<(StudioInfo Studio, string Email)> NewStaffAsync(bool admin = true)
    {
        var studio = await app.CreateStudioAsync("Studio " + Guid.NewGuid().ToString("N")[..6]);
        var email = $"staff-{Guid.NewGuid():N}@example.com";
        await app.CreateStaffAsync(studio, email, Password, admin);
        return (studio, email);
    }

    [Theory]
    [InlineData("/Identity/Account/Login")]
    [InlineData("/Identity/Account/ResetPassword?code=secret")]
    [InlineData("/assets/css/portal.css")]
    [InlineData("/no-such-page")]
    public async Task Every_response_keeps_its_url_to_itself_and_refuses_framing_and_sniffing(string path)
    {
        var response = await app.CreateBrowserLikeClient().GetAsync(path);

        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task A_staff_page_sends_an_anonymous_visitor_to_sign_in()
    {
        var response = await app.CreateBrowserLikeClient().GetAsync("/clients");

        response.AssertRedirectsTo("/Identity/Account/Login?ReturnUrl=%2Fclients");
    }

    [Fact]
    public async Task The_start_page_invites_visitors_to_sign_in_and_sends_staff_to_their_clients()
    {
        var (_, email) = await NewStaffAsync();
        var anonymous = await app.CreateBrowserLikeClient().GetAsync("/");
        var staff = app.CreateBrowserLikeClient();
        await staff.SignInAsync(email, Password, "/");

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Contains("/Identity/Account/Login", await anonymous.Content.ReadAsStringAsync());
        (await staff.GetAsync("/")).AssertRedirectsTo("/clients");
    }

    [Fact]
    public async Task Signing_in_leads_to_the_clients_page_and_signing_out_ends_it()
    {
        var (_, email) = await NewStaffAsync();
        var client = app.CreateBrowserLikeClient();

        (await client.SignInAsync(email, Password)).AssertRedirectsTo("/clients");
        var page = await client.GetAsync("/clients");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-testid=\"clients-grid\"", await page.Content.ReadAsStringAsync());

        var token = await client.AntiforgeryTokenAsync("/clients");
        var signOut = await client.PostAsync("/Identity/Account/Logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["returnUrl"] = "/" }));
        signOut.AssertRedirectsTo("/");
        (await client.GetAsync("/clients")).AssertRedirectsTo("/Identity/Account/Login");
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_and_the_page_never_tells_whether_the_email_exists()
    {
        var (_, email) = await NewStaffAsync();
        var client = app.CreateBrowserLikeClient();

        var failures = new List<string>();
        for (var i = 0; i < 5; i++)
            failures.Add(await (await client.SignInAsync(email, "wrong password " + i)).Content.ReadAsStringAsync());
        var lockedWithRightPassword = await client.SignInAsync(email, Password);
        var unknownEmail = await client.SignInAsync($"nobody-{Guid.NewGuid():N}@example.com", "whatever password");

        Assert.Equal(HttpStatusCode.OK, lockedWithRightPassword.StatusCode);
        var lockedHtml = await lockedWithRightPassword.Content.ReadAsStringAsync();
        var unknownHtml = await unknownEmail.Content.ReadAsStringAsync();
        var message = System.Net.WebUtility.HtmlEncode(LoginModel.FailedMessage);
        Assert.All(failures.Append(lockedHtml).Append(unknownHtml), html => Assert.Contains(message, html));
        Assert.Equal(HttpStatusCode.OK, unknownEmail.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("not an email", "x")]
    [InlineData("<script>alert(1)</script>@example.com", "' OR 1=1 --")]
    public async Task Empty_or_hostile_sign_in_input_gets_the_form_again_never_an_error(string email, string password)
    {
        var response = await app.CreateBrowserLikeClient().SignInAsync(email, password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert(1)</script>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_huge_sign_in_input_is_refused_with_a_message()
    {
        var html = await (await app.CreateBrowserLikeClient().SignInAsync(new string('a', 100_000) + "@example.com", new string('p', 100_000))).Content.ReadAsStringAsync();

        Assert.Contains("An email has at most 254 characters.", html);
        Assert.Contains("A password has at most 128 characters.", html);
    }

    [Fact]
    public async Task The_default_self_registration_is_switched_off()
    {
        var client = app.CreateBrowserLikeClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Identity/Account/Register")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Identity/Account/RegisterConfirmation?email=a@example.com")).StatusCode);
        // A post is refused too (without a token antiforgery answers first), and no account appears.
        var post = await client.PostAsync("/Identity/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "self@example.com", ["Input.Password"] = "a long passphrase", ["Input.ConfirmPassword"] = "a long passphrase",
        }));
        Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"Got {(int)post.StatusCode}.");
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("self@example.com"));
    }

    [Fact]
    public async Task A_sign_in_never_redirects_off_the_portal()
    {
        var (_, email) = await NewStaffAsync();

        (await app.CreateBrowserLikeClient().SignInAsync(email, Password, "https://evil.example/phish")).AssertRedirectsTo("/");
        var response = await app.CreateBrowserLikeClient().SignInAsync(email, Password, "//evil.example");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_signed_in_account_without_a_staff_role_is_denied_staff_pages()
    {
        var email = $"customer-{Guid.NewGuid():N}@example.com";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await users.CreateAsync(new PortalUser { UserName = email, Email = email }, Password)).Succeeded);
        }
        var client = app.CreateBrowserLikeClient();
        (await client.SignInAsync(email, Password, "/")).AssertRedirectsTo("/");

        (await client.GetAsync("/clients")).AssertRedirectsTo("/Identity/Account/AccessDenied");
        (await client.GetAsync("/outreach/client-portal/settings")).AssertRedirectsTo("/Identity/Account/AccessDenied");
    }

    [Fact]
    public async Task Staff_of_studio_B_get_not_found_for_a_client_of_studio_A_by_url()
    {
        var (studioA, emailA) = await NewStaffAsync();
        var (_, emailB) = await NewStaffAsync();
        var clientOfA = await app.AddClientAsync(studioA.Id, new ClientDetails("Secret", "Client", "secret@example.com"));
        var staffA = app.CreateBrowserLikeClient();
        var staffB = app.CreateBrowserLikeClient();
        await staffA.SignInAsync(emailA, Password);
        await staffB.SignInAsync(emailB, Password);

        var asA = await staffA.GetAsync($"/clients/{clientOfA}");
        var asB = await staffB.GetAsync($"/clients/{clientOfA}");
        var missing = await staffA.GetAsync("/clients/987654321");

        Assert.Equal(HttpStatusCode.OK, asA.StatusCode);
        Assert.Contains("secret@example.com", await asA.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, asB.StatusCode);
        Assert.DoesNotContain("secret@example.com", await asB.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Client_portal_settings_show_the_staff_members_own_studio_id_number()
    {
        var (studio, email) = await NewStaffAsync(admin: false);
        var client = app.CreateBrowserLikeClient();
        await client.SignInAsync(email, Password);

        var html = await client.GetStringAsync("/outreach/client-portal/settings");

        Assert.Contains(studio.IdNumber, html);
        Assert.Contains("Only a studio admin can change the name", html);
    }
}

/// <summary>A host whose sign-in limit is low enough to hit.</summary>
public sealed class RateLimitedPortalAppFactory : PortalAppFactory
{
    protected override void Adjust(IDictionary<string, string?> settings) => settings["RateLimits:SignInPerMinute"] = "3";
}

public class SignInRateLimitTests(RateLimitedPortalAppFactory app) : IClassFixture<RateLimitedPortalAppFactory>
{
    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_address_get_429_but_the_form_still_shows()
    {
        var client = app.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await client.SignInAsync("someone@example.com", "wrong password")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Identity/Account/Login")).StatusCode);
    }
}
