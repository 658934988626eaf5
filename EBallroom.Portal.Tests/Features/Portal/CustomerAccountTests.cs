using System.Net;
using System.Text.RegularExpressions;
using EBallroom.Portal.Areas.Identity.Pages.Account;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Portal;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.Portal;

/// <summary>The customer's side over real HTTP: sign-in, lockout, temporary and forgotten passwords, change, My account.</summary>
public class CustomerAccountTests(FakeClockAppFactory app) : IClassFixture<FakeClockAppFactory>
{
    private const string Password = "a customer passphrase";

    private static string NewEmail() => $"customer-{Guid.NewGuid():N}@example.com";

    /// <summary>A customer account with <paramref name="password"/>, linked to <paramref name="clients"/>.</summary>
    private async Task<PortalUser> CustomerAsync(string email, string? password = Password, params (int StudioId, int ClientId)[] clients)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Cora Customer" };
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, PortalRoles.Customer);
        await using var db = await Db();
        foreach (var (studioId, clientId) in clients)
            db.PortalLinks.Add(PortalLink.Create(studioId, clientId, user.Id, LinkMethod.StaffApproval, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>An auto-generated account as the runner leaves it: a temporary password's fast hash, expiring at <paramref name="expiresAtUtc"/>.</summary>
    private async Task<(string Email, string Password)> TemporaryAccountAsync(DateTime expiresAtUtc)
    {
        var email = NewEmail();
        var user = await CustomerAsync(email, password: null);
        var password = TemporaryPasswords.Generate();
        await using var db = await Db();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.PasswordHash, TemporaryPasswords.Hash(password))
            .SetProperty(u => u.TemporaryPasswordExpiresAtUtc, expiresAtUtc));
        return (email, password);
    }

    private Task<PortalDbContext> Db() => app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<List<EBallroom.Portal.Features.Outbox.OutboxEmail>> EmailsTo(string email)
    {
        await using var db = await Db();
        return await db.OutboxEmails.AsNoTracking().Where(e => e.ToAddress == email).OrderBy(e => e.Id).ToListAsync();
    }

    private static string ResetCode(EBallroom.Portal.Features.Outbox.OutboxEmail email) =>
        Regex.Match(email.TextBody, @"/Identity/Account/ResetPassword\?code=([A-Za-z0-9_\-]+)").Groups[1] is { Success: true } code
            ? code.Value
            : throw new Xunit.Sdk.XunitException("No reset link in: " + email.TextBody);

    private static async Task<string> Html(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task Five_failed_sign_ins_lock_a_customer_out_and_even_the_right_password_is_refused_meanwhile()
    {
        var email = NewEmail();
        await CustomerAsync(email);
        var client = app.CreateBrowserLikeClient();

        for (var i = 0; i < 5; i++)
            Assert.Contains(LoginModel.FailedMessage, await Html(await client.SignInAsync(email, $"wrong guess {i}", "/account")));

        var locked = await client.SignInAsync(email, Password, "/account");
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains(LoginModel.FailedMessage, await Html(locked));
        (await client.GetAsync("/account")).AssertRedirectsTo("/Identity/Account/Login");
        await using var db = await Db();
        Assert.True((await db.Users.SingleAsync(u => u.Email == email)).LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
    }

    [Fact]
    public async Task An_expired_temporary_password_says_so_and_its_reset_link_sets_a_password_of_the_customers_own()
    {
        var (email, password) = await TemporaryAccountAsync(app.Time.GetUtcNow().UtcDateTime.AddMinutes(-1));
        var client = app.CreateBrowserLikeClient();

        // Only the right (expired) temporary password hears that it expired; a wrong one reads like any failure.
        var wrong = await Html(await client.SignInAsync(email, "not-the-emailed-one", "/account"));
        Assert.DoesNotContain("temporary-expired", wrong);
        var expired = await client.SignInAsync(email, password, "/account");
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        var page = await Html(expired);
        Assert.Contains("data-testid=\"temporary-expired\"", page);
        Assert.Contains("Your temporary password expired on", page);
        Assert.Contains("Send me a new one", page);
        (await client.GetAsync("/account")).AssertRedirectsTo("/Identity/Account/Login");

        var sent = await client.PostFormAsync("/Identity/Account/Login", new() { ["resetEmail"] = email }, handler: "SendReset");
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains(LoginModel.ResetSentMessage, await Html(sent));
        var reset = Assert.Single(await EmailsTo(email));

        (await client.ResetPasswordAsync(ResetCode(reset), email, "my own foxtrot passphrase")).AssertRedirectsTo("/Identity/Account/ResetPasswordConfirmation");
        (await client.SignInAsync(email, "my own foxtrot passphrase", "/account")).AssertRedirectsTo("/account");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
        await using var db = await Db();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.Null(user.TemporaryPasswordExpiresAtUtc);
        Assert.False(TemporaryPasswords.IsTemporaryHash(user.PasswordHash));
        Assert.Contains(LoginModel.FailedMessage, await Html(await app.CreateBrowserLikeClient().SignInAsync(email, password, "/account")));
    }

    [Theory]
    [InlineData("nobody-here@example.com")]
    [InlineData("")]
    [InlineData("not an email <script>alert(1)</script>")]
    [InlineData("\u202Eevil@example.com")]
    public async Task Send_me_a_new_one_answers_alike_for_any_address_and_sends_nothing_without_an_account(string address)
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/Identity/Account/Login", new() { ["resetEmail"] = address }, handler: "SendReset");

        Assert.True(HttpStatusCode.OK == response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Contains(LoginModel.ResetSentMessage, await Html(response));
        Assert.DoesNotContain("<script>alert", await response.Content.ReadAsStringAsync());
        Assert.Empty(await EmailsTo(address));
        var huge = await client.PostFormAsync("/Identity/Account/Login", new() { ["resetEmail"] = new string('a', 10_000) + "@example.com" }, handler: "SendReset");
        Assert.Equal(HttpStatusCode.OK, huge.StatusCode);
        // A NUL byte in a form is refused before the page runs (ASP.NET Core's form reading): a 400, never a 500, and no email.
        var nul = await client.PostFormAsync("/Identity/Account/Login", new() { ["resetEmail"] = "evil\u0000@example.com" }, handler: "SendReset");
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        await using var db = await Db();
        Assert.False(await db.OutboxEmails.AnyAsync(e => e.ToAddress.StartsWith("evil")));
    }

    [Fact]
    public async Task Forgot_password_answers_alike_whether_or_not_the_email_has_an_account()
    {
        var email = NewEmail();
        await CustomerAsync(email);
        var known = await app.CreateBrowserLikeClient().PostFormAsync("/Identity/Account/ForgotPassword", new() { ["Input.Email"] = email });
        var unknown = await app.CreateBrowserLikeClient().PostFormAsync("/Identity/Account/ForgotPassword", new() { ["Input.Email"] = NewEmail() });

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
        known.AssertRedirectsTo("/Identity/Account/ForgotPasswordConfirmation");
        Assert.Single(await EmailsTo(email));
    }

    [Fact]
    public async Task A_reset_link_works_once_and_not_after_two_hours_and_the_owner_is_told_of_the_change()
    {
        var email = NewEmail();
        await CustomerAsync(email);
        var client = app.CreateBrowserLikeClient();
        await client.PostFormAsync("/Identity/Account/ForgotPassword", new() { ["Input.Email"] = email });
        var code = ResetCode(Assert.Single(await EmailsTo(email)));

        (await client.ResetPasswordAsync(code, email, "first new passphrase")).AssertRedirectsTo("/Identity/Account/ResetPasswordConfirmation");
        var again = await client.ResetPasswordAsync(code, email, "second new passphrase");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(ResetPasswordModel.DeadLinkMessage, await Html(again));
        (await client.SignInAsync(email, "first new passphrase", "/account")).AssertRedirectsTo("/account");
        Assert.Contains(LoginModel.FailedMessage, await Html(await app.CreateBrowserLikeClient().SignInAsync(email, Password, "/account")));
        var notice = Assert.Single(await EmailsTo(email), e => e.Kind == SecurityEmails.Kind);
        Assert.Contains("Your password was changed", notice.TextBody);

        await app.CreateBrowserLikeClient().PostFormAsync("/Identity/Account/ForgotPassword", new() { ["Input.Email"] = email });
        var late = ResetCode((await EmailsTo(email)).Last(e => e.Kind != SecurityEmails.Kind));
        app.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var expired = await app.CreateBrowserLikeClient().ResetPasswordAsync(late, email, "too late passphrase");
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        Assert.Contains(ResetPasswordModel.DeadLinkMessage, await Html(expired));
        Assert.Contains(LoginModel.FailedMessage, await Html(await app.CreateBrowserLikeClient().SignInAsync(email, "too late passphrase", "/account")));
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("%25%25%25")]
    [InlineData("")]
    [InlineData("AAAA' OR 1=1 --")]
    public async Task A_damaged_reset_link_gets_a_clear_400_and_the_way_to_a_new_one(string code)
    {
        var response = await app.CreateBrowserLikeClient().GetAsync($"/Identity/Account/ResetPassword?code={code}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Html(response);
        Assert.Contains("data-testid=\"damaged-link\"", html);
        Assert.Contains("/Identity/Account/ForgotPassword", html);
        var huge = await app.CreateBrowserLikeClient().GetAsync($"/Identity/Account/ResetPassword?code={new string('A', 5000)}");
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_tells_the_owner()
    {
        var email = NewEmail();
        await CustomerAsync(email);
        var client = app.CreateBrowserLikeClient();
        (await client.SignInAsync(email, Password, "/account")).AssertRedirectsTo("/account");
        const string page = "/Identity/Account/Manage/ChangePassword";

        var wrong = await client.PostFormAsync(page, new()
        {
            ["Input.OldPassword"] = "not my password", ["Input.NewPassword"] = "brand new passphrase", ["Input.ConfirmPassword"] = "brand new passphrase",
        });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Incorrect password", await Html(wrong));
        var common = await client.PostFormAsync(page, new()
        {
            ["Input.OldPassword"] = Password, ["Input.NewPassword"] = "password123", ["Input.ConfirmPassword"] = "password123",
        });
        Assert.Equal(HttpStatusCode.OK, common.StatusCode);
        Assert.Empty(await EmailsTo(email));

        (await client.PostFormAsync(page, new()
        {
            ["Input.OldPassword"] = Password, ["Input.NewPassword"] = "brand new passphrase", ["Input.ConfirmPassword"] = "brand new passphrase",
        })).AssertRedirectsTo(page);
        var notice = Assert.Single(await EmailsTo(email));
        Assert.Equal(SecurityEmails.Kind, notice.Kind);
        Assert.Contains("Your password was changed", notice.TextBody);
        Assert.Contains("/Identity/Account/ForgotPassword", notice.TextBody);
        (await app.CreateBrowserLikeClient().SignInAsync(email, "brand new passphrase", "/account")).AssertRedirectsTo("/account");
        Assert.Contains(LoginModel.FailedMessage, await Html(await app.CreateBrowserLikeClient().SignInAsync(email, Password, "/account")));
    }

    [Fact]
    public async Task Turning_two_factor_sign_in_on_or_off_tells_the_owner_once_in_the_same_save()
    {
        var email = NewEmail();
        await CustomerAsync(email);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByEmailAsync(email))!;

        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        Assert.True((await users.AddLoginAsync(user, new UserLoginInfo("Example", "key-1", "Example"))).Succeeded);
        Assert.True((await users.SetTwoFactorEnabledAsync(user, false)).Succeeded);

        var notices = await EmailsTo(email);
        Assert.Equal(["Two-factor sign-in was turned on", "A new sign-in method was added", "Two-factor sign-in was turned off"],
            notices.Select(n => n.Subject.Split(" · ")[0]));
    }

    [Fact]
    public async Task With_two_factor_sign_in_on_the_password_leads_to_the_code_and_only_the_right_code_signs_in()
    {
        var email = NewEmail();
        await CustomerAsync(email);
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        }
        var client = app.CreateBrowserLikeClient();

        var signIn = await client.SignInAsync(email, Password, "/account");
        signIn.AssertRedirectsTo("/Identity/Account/LoginWith2fa");
        (await client.GetAsync("/account")).AssertRedirectsTo("/Identity/Account/Login");
        var codePage = signIn.Headers.Location!.OriginalString;
        var wrong = await client.PostFormAsync(codePage, new() { ["Input.TwoFactorCode"] = Totp(key, DateTimeOffset.UtcNow.AddHours(-1)) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Invalid authenticator code", await Html(wrong));
        (await client.PostFormAsync(codePage, new() { ["Input.TwoFactorCode"] = Totp(key, DateTimeOffset.UtcNow) })).AssertRedirectsTo("/account");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task Setting_up_an_authenticator_shows_a_qr_code_and_the_key_and_the_right_code_turns_two_factor_on()
    {
        var email = NewEmail();
        await CustomerAsync(email);
        var client = app.CreateBrowserLikeClient();
        (await client.SignInAsync(email, Password, "/account")).AssertRedirectsTo("/account");
        const string page = "/Identity/Account/Manage/EnableAuthenticator";

        var html = await Html(await client.GetAsync(page));
        Assert.Matches("<img src=\"data:image/png;base64,[A-Za-z0-9+/=]+\"[^>]*data-testid=\"authenticator-qr\"", html);
        var key = Regex.Match(html, "data-testid=\"authenticator-key\">([a-z2-7 ]+)<").Groups[1].Value.Replace(" ", "");
        Assert.Equal(32, key.Length);

        var wrong = await client.PostFormAsync(page, new() { ["Input.Code"] = Totp(key, DateTimeOffset.UtcNow.AddHours(-1)) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("That code does not match", await Html(wrong));
        Assert.Empty(await EmailsTo(email));

        (await client.PostFormAsync(page, new() { ["Input.Code"] = Totp(key, DateTimeOffset.UtcNow) })).AssertRedirectsTo("/Identity/Account/Manage/ShowRecoveryCodes");
        var codes = await Html(await client.GetAsync("/Identity/Account/Manage/ShowRecoveryCodes"));
        Assert.Equal(10, Regex.Matches(codes, @"\b[A-Z0-9]{5}-[A-Z0-9]{5}\b").Count);
        await using var db = await Db();
        Assert.True((await db.Users.SingleAsync(u => u.Email == email)).TwoFactorEnabled);
        Assert.Equal("Two-factor sign-in was turned on", Assert.Single(await EmailsTo(email)).Subject.Split(" · ")[0]);
    }

    /// <summary>The code an authenticator app shows (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) for a base32 key.</summary>
    private static string Totp(string base32Key, DateTimeOffset at)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(base32Key.TrimEnd('=').ToUpperInvariant().Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        var secret = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var counter = BitConverter.GetBytes(at.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = System.Security.Cryptography.HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_customer_linked_to_two_studios_sees_both_records_the_pending_request_and_nothing_of_any_other_client()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var email = NewEmail();
        var salsa = await app.CreateStudioAsync($"Salsa House {tag}");
        var tango = await app.CreateStudioAsync($"Tango Hall {tag}");
        var waltz = await app.CreateStudioAsync($"Waltz Room {tag}");
        var atSalsa = await app.AddClientAsync(salsa.Id, new ClientDetails("Cora", "Salsera", email, "212 555 0142", new DateOnly(1990, 4, 2)));
        var atTango = await app.AddClientAsync(tango.Id, new ClientDetails("Corazon", "Tanguera", email, "415 555 0199"));
        await app.AddClientAsync(salsa.Id, new ClientDetails("Other", "Dancer", "other@example.com", "212 555 0100"));
        await app.AddClientAsync(tango.Id, new ClientDetails("Cora", "Lookalike", email));
        var user = await CustomerAsync(email, Password, (salsa.Id, atSalsa), (tango.Id, atTango));
        await app.Services.CreateRequestAsync(waltz.Id, "Cora", "Waltzer", email);

        var client = app.CreateBrowserLikeClient();
        (await client.SignInAsync(email, Password, "/account")).AssertRedirectsTo("/account");
        var page = await Html(await client.GetAsync("/account"));

        Assert.Equal(2, Regex.Matches(page, "data-testid=\"linked-studio\"").Count);
        Assert.Contains($"Salsa House {tag}", page);
        Assert.Contains("Cora Salsera", page);
        Assert.Contains("1990-04-02", page);
        Assert.Contains($"Tango Hall {tag}", page);
        Assert.Contains("Corazon Tanguera", page);
        Assert.Contains("data-testid=\"pending-studio\"", page);
        Assert.Contains($"Waltz Room {tag}", page);
        Assert.Contains("Awaiting the studio's review", page);
        Assert.DoesNotContain("Other Dancer", page);
        Assert.DoesNotContain("other@example.com", page);
        Assert.DoesNotContain("Lookalike", page);
        Assert.DoesNotContain("Waltzer", page);
        Assert.NotNull(user.Id);
    }

    [Fact]
    public async Task A_customer_reaches_no_staff_url_and_staff_do_not_reach_the_customer_area()
    {
        var email = NewEmail();
        await CustomerAsync(email);
        var customer = app.CreateBrowserLikeClient();
        (await customer.SignInAsync(email, Password, "/account")).AssertRedirectsTo("/account");

        var staffUrls = StaffEndpoints.GetUrls(app.Services);
        Assert.Contains("/clients", staffUrls);
        Assert.Contains("/portal-accounts", staffUrls);
        Assert.True(staffUrls.Count >= 8, string.Join(", ", staffUrls));
        foreach (var url in staffUrls)
        {
            var response = await customer.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("/Identity/Account/AccessDenied") == true,
                $"{url} answered a customer with {(int)response.StatusCode} {response.Headers.Location}");
        }

        var studio = await app.CreateStudioAsync("Staff Side " + Guid.NewGuid().ToString("N")[..6]);
        var staffEmail = NewEmail();
        await app.CreateStaffAsync(studio, staffEmail, "staff passphrase here");
        var staff = app.CreateBrowserLikeClient();
        await staff.SignInAsync(staffEmail, "staff passphrase here");
        (await staff.GetAsync("/account")).AssertRedirectsTo("/Identity/Account/AccessDenied");
    }

    [Theory]
    [InlineData("/Identity/Account/Manage")]
    [InlineData("/Identity/Account/Manage/ChangePassword")]
    [InlineData("/Identity/Account/Manage/TwoFactorAuthentication")]
    [InlineData("/Identity/Account/Manage/EnableAuthenticator")]
    [InlineData("/Identity/Account/Manage/PersonalData")]
    [InlineData("/Identity/Account/ForgotPassword")]
    public async Task Identity_UI_self_service_pages_serve_a_customer_in_the_portals_look(string path)
    {
        var email = NewEmail();
        await CustomerAsync(email);
        var client = app.CreateBrowserLikeClient();
        (await client.SignInAsync(email, Password, "/account")).AssertRedirectsTo("/account");

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("/assets/css/portal.css", html);
        Assert.Contains("portal-card", html);
        Assert.DoesNotContain("bootstrap", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_customer_who_deletes_their_personal_data_loses_the_account_and_its_links_while_the_studios_record_stays()
    {
        var studio = await app.CreateStudioAsync("Delete Studio " + Guid.NewGuid().ToString("N")[..6]);
        var email = NewEmail();
        var clientId = await app.AddClientAsync(studio.Id, new ClientDetails("Gone", "Soon", email));
        var user = await CustomerAsync(email, Password, (studio.Id, clientId));
        var client = app.CreateBrowserLikeClient();
        (await client.SignInAsync(email, Password, "/account")).AssertRedirectsTo("/account");

        var refused = await client.PostFormAsync("/Identity/Account/Manage/DeletePersonalData", new() { ["Input.Password"] = "wrong password here" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        (await client.PostFormAsync("/Identity/Account/Manage/DeletePersonalData", new() { ["Input.Password"] = Password })).AssertRedirectsTo("/");

        await using var db = await Db();
        Assert.False(await db.Users.AnyAsync(u => u.Id == user.Id));
        Assert.False(await db.PortalLinks.AnyAsync(l => l.UserId == user.Id));
        Assert.True(await db.Clients.AnyAsync(c => c.Id == clientId));
        (await client.GetAsync("/account")).AssertRedirectsTo("/Identity/Account/Login");
    }
}
