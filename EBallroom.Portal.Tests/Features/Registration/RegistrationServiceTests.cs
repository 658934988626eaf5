using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Matching;
using EBallroom.Portal.Features.Registration;
using EBallroom.Portal.Infrastructure.Identity;
using EBallroom.Portal.Tests.Features.Outbox;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.SelfRegistration;

/// <summary>Self-registration end to end below the pages: real SQLite file, real SMTP server, the real matcher.</summary>
public class RegistrationServiceTests : OutboxTestBase
{
    private const string Password = "a fine long passphrase";
    private string _linkToken = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Host.Services.CreateAsyncScope();
        var info = await scope.ServiceProvider.GetRequiredService<RegistrationLinks>().GetOrCreateAsync(Studio.Id);
        _linkToken = info.Url![(info.Url!.LastIndexOf('/') + 1)..];
    }

    private async Task<T> Service<T>(Func<RegistrationService, Task<T>> action)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<RegistrationService>());
    }

    private static RegistrationInput Input(string first = "Ana", string last = "Lopez", string email = "ana@example.com", string? phone = null,
        DateOnly? birth = null, string password = Password, string? confirm = null) => new(first, last, email, phone, birth, password, confirm ?? password);

    /// <summary>Drains the outbox and returns the token in the newest verification email to <paramref name="to"/>.</summary>
    private async Task<(string Token, string Subject, string Text)> EmailTo(string to)
    {
        await DrainAsync();
        var email = Sink.Received.Last(r => r.To == to);
        var text = email.Message.TextBody ?? "";
        var at = text.IndexOf("/register/confirm/", StringComparison.Ordinal);
        return (at < 0 ? "" : text.Substring(at + "/register/confirm/".Length, 43), email.Subject, text);
    }

    private async Task<T> Db<T>(Func<EBallroom.Portal.Infrastructure.Data.PortalDbContext, Task<T>> query)
    {
        await using var db = await Host.DbAsync();
        return await query(db);
    }

    [Fact]
    public async Task Through_the_magic_link_a_registration_with_a_clients_email_links_to_that_client_after_confirmation()
    {
        var clientId = await Host.AddClientAsync(Studio.Id, new ClientDetails("Robert", "Smith", "rob@example.com"));

        var submitted = await Service(s => s.SubmitThroughLinkAsync(_linkToken, Input("Bob", "Smith", "rob@example.com")));
        var (token, subject, _) = await EmailTo("rob@example.com");
        var before = await Db(db => db.Users.CountAsync());
        var confirmed = await Service(s => s.ConfirmAsync(token));

        Assert.Equal(SubmitStatus.Accepted, submitted.Status);
        Assert.Equal("Confirm your email for Outbox Studio", subject);
        Assert.Equal(0, before); // nothing was created before the confirmation
        Assert.Equal((ConfirmStatus.Done, MatchDecision.Link, (int?)clientId), (confirmed.Status, confirmed.Decision, confirmed.ClientId));
        var link = await Db(db => db.PortalLinks.SingleAsync());
        Assert.Equal((clientId, confirmed.UserId), (link.ClientId, link.UserId));
        await using var scope = Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByIdAsync(confirmed.UserId!))!;
        Assert.True(await users.CheckPasswordAsync(user, Password));
        Assert.True(await users.IsInRoleAsync(user, PortalRoles.Customer));
        Assert.Equal(1, await Db(db => db.RegistrationLinks.Select(l => l.RegistrationCount).SingleAsync()));
    }

    [Fact]
    public async Task Nobody_alike_becomes_a_new_client_from_the_form_and_is_linked()
    {
        await Service(s => s.SubmitThroughLinkAsync(_linkToken, Input("Yuki", "Tanaka", "yuki@example.com", "212 555 0199", new DateOnly(1990, 1, 2))));
        var confirmed = await Service(async s => await s.ConfirmAsync((await EmailTo("yuki@example.com")).Token));

        Assert.Equal(MatchDecision.New, confirmed.Decision);
        var client = await Db(db => db.Clients.SingleAsync());
        Assert.Equal(("Yuki", "+12125550199", confirmed.ClientId), (client.FirstName, client.Phone, (int?)client.Id));
        Assert.Equal(client.Id, (await Db(db => db.PortalLinks.SingleAsync())).ClientId);
    }

    [Fact]
    public async Task Someone_with_a_clients_name_phone_and_birth_date_but_another_email_waits_for_staff()
    {
        var clientId = await Host.AddClientAsync(Studio.Id, new ClientDetails("Grace", "Okafor", "grace@example.com", "312 555 0143", new DateOnly(1986, 9, 30)));

        await Service(s => s.SubmitThroughLinkAsync(_linkToken, Input("Grace", "Okafor", "other@example.net", "312 555 0143", new DateOnly(1986, 9, 30))));
        var confirmed = await Service(async s => await s.ConfirmAsync((await EmailTo("other@example.net")).Token));

        Assert.Equal(MatchDecision.Review, confirmed.Decision);
        Assert.Empty(await Db(db => db.PortalLinks.ToListAsync()));
        var request = await Db(db => db.AccountRequests.SingleAsync());
        Assert.Equal((RequestStatus.Pending, RequestSource.MagicLink, (int?)clientId), (request.Status, request.Source, request.TopCandidateClientId));
        Assert.Contains("phone", request.CandidatesJson);
    }

    [Fact]
    public async Task With_the_studio_id_number_a_registration_always_waits_for_staff_even_with_a_clients_email()
    {
        var clientId = await Host.AddClientAsync(Studio.Id, new ClientDetails("Ana", "Lopez", "ana@example.com"));
        var notified = new List<int>();
        Host.Services.GetRequiredService<AccountRequestEvents>().PendingChanged += notified.Add;

        var submitted = await Service(s => s.SubmitWithStudioNumberAsync(Studio.IdNumber, Input()));
        var confirmed = await Service(async s => await s.ConfirmAsync((await EmailTo("ana@example.com")).Token));

        Assert.Equal(SubmitStatus.Accepted, submitted.Status);
        Assert.Equal((ConfirmStatus.Done, (MatchDecision?)null), (confirmed.Status, confirmed.Decision));
        var request = await Db(db => db.AccountRequests.SingleAsync());
        Assert.Equal((RequestSource.StudioIdNumber, (int?)clientId), (request.Source, request.TopCandidateClientId));
        Assert.Empty(await Db(db => db.PortalLinks.ToListAsync()));
        Assert.Equal([Studio.Id], notified); // open dashboards of the studio update their badge
    }

    [Fact]
    public async Task An_unknown_studio_number_is_answered_like_any_other_and_only_the_email_says_so()
    {
        var unknown = await Service(s => s.SubmitWithStudioNumberAsync("999999", Input()));
        var (token, subject, text) = await EmailTo("ana@example.com");
        var confirmed = await Service(s => s.ConfirmAsync(token));

        Assert.Equal(SubmitStatus.Accepted, unknown.Status);
        Assert.Equal("We could not find that studio", subject);
        Assert.Contains("no studio has the ID number 999999", text);
        Assert.Equal(ConfirmStatus.NoSuchLink, confirmed.Status); // the email carries no link to confirm
        Assert.Equal(0, await Db(db => db.Users.CountAsync(u => u.Email == "ana@example.com")));
    }

    [Fact]
    public async Task An_email_that_already_has_an_account_is_answered_alike_and_continues_only_for_its_signed_in_owner()
    {
        var first = await Service(s => s.SubmitThroughLinkAsync(_linkToken, Input("Ana", "Lopez", "ana@example.com")));
        var ownerId = (await Service(async s => await s.ConfirmAsync((await EmailTo("ana@example.com")).Token))).UserId!;
        var other = await Host.CreateStudioAsync("Second Studio");
        string otherToken;
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var info = await scope.ServiceProvider.GetRequiredService<RegistrationLinks>().GetOrCreateAsync(other.Id);
            otherToken = info.Url![(info.Url!.LastIndexOf('/') + 1)..];
        }

        var again = await Service(s => s.SubmitThroughLinkAsync(otherToken, Input("Ana", "Lopez", "ana@example.com", password: "a different passphrase")));
        var (token, subject, _) = await EmailTo("ana@example.com");
        var anonymous = await Service(s => s.ConfirmAsync(token));
        var stranger = await Service(s => s.ConfirmAsync(token, "someone-else"));
        var owner = await Service(s => s.ConfirmAsync(token, ownerId));

        Assert.Equal(first.Status, again.Status);
        Assert.Equal("Add Second Studio to your client portal account", subject);
        Assert.Equal(ConfirmStatus.NeedsSignIn, anonymous.Status);
        Assert.Equal(ConfirmStatus.NeedsSignIn, stranger.Status);
        Assert.Equal((ConfirmStatus.Done, ownerId, other.Id), (owner.Status, owner.UserId, owner.StudioId));
        Assert.Equal(2, await Db(db => db.PortalLinks.CountAsync(l => l.UserId == ownerId)));
        await using var check = Host.Services.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(ownerId))!, Password));
    }

    [Fact]
    public async Task A_confirmation_link_works_once_and_for_24_hours()
    {
        await Service(s => s.SubmitThroughLinkAsync(_linkToken, Input("Ana", "Lopez", "ana@example.com")));
        await Service(s => s.SubmitThroughLinkAsync(_linkToken, Input("Bo", "Kim", "bo@example.com")));
        var anaToken = (await EmailTo("ana@example.com")).Token;
        var boToken = (await EmailTo("bo@example.com")).Token;

        var twice = await Task.WhenAll(Task.Run(() => Service(s => s.ConfirmAsync(anaToken))), Task.Run(() => Service(s => s.ConfirmAsync(anaToken))));
        Host.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var late = await Service(s => s.ConfirmAsync(boToken));

        Assert.Equal([ConfirmStatus.Done, ConfirmStatus.AlreadyUsed], twice.Select(r => r.Status).Order());
        Assert.Equal(ConfirmStatus.Expired, late.Status);
        Assert.Equal(ConfirmStatus.NoSuchLink, (await Service(s => s.ConfirmAsync("not-a-token"))).Status);
        Assert.Equal(1, await Db(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_regenerated_or_disabled_link_takes_no_registration()
    {
        var staff = CurrentStaff.FromPrincipal(await Host.CreateStaffAsync(Studio, "staff@example.com"))!;
        await using (var scope = Host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RegistrationLinks>().RegenerateAsync(staff);

        var old = await Service(s => s.SubmitThroughLinkAsync(_linkToken, Input()));
        var garbage = await Service(s => s.SubmitThroughLinkAsync("<script>", Input()));

        Assert.Equal(SubmitStatus.LinkNoLongerValid, old.Status);
        Assert.Equal(SubmitStatus.LinkNoLongerValid, garbage.Status);
        Assert.Empty(await Db(db => db.PendingRegistrations.ToListAsync()));
    }

    [Theory]
    [InlineData("", "Lopez", "ana@example.com", null, Password, Password, "FirstName")]
    [InlineData("Ana", "Lopez", "", null, Password, Password, "Email")]
    [InlineData("Ana", "Lopez", "not an email", null, Password, Password, "Email")]
    [InlineData("Ana", "Lopez", "ana@example.com", "12", Password, Password, "Phone")]
    [InlineData("Ana", "Lopez", "ana@example.com", null, "short", "short", "Password")]
    [InlineData("Ana", "Lopez", "ana@example.com", null, "password123", "password123", "Password")]
    [InlineData("Ana", "Lopez", "ana@example.com", null, Password, "something else", "ConfirmPassword")]
    [InlineData("<script>alert(1)</script>'; DROP TABLE Clients;--", "\u202Eevil", "ana@example.com", null, Password, Password, null)]
    public async Task Bad_input_gets_a_message_on_its_field_and_stores_nothing(string first, string last, string email, string? phone,
        string password, string confirm, string? field)
    {
        var result = await Service(s => s.SubmitThroughLinkAsync(_linkToken, new RegistrationInput(first, last, email, phone, null, password, confirm)));

        if (field is null)
        {
            // Markup and SQL are just text: stored as typed, never run.
            Assert.Equal(SubmitStatus.Accepted, result.Status);
            return;
        }
        Assert.Equal(SubmitStatus.Invalid, result.Status);
        Assert.True(result.Errors.ContainsKey(field), string.Join("; ", result.Errors));
        Assert.Empty(await Db(db => db.PendingRegistrations.ToListAsync()));
        Assert.Empty(await Db(db => db.OutboxEmails.ToListAsync()));
    }

    [Fact]
    public async Task Huge_fields_are_refused_with_their_limits()
    {
        var huge = new string('x', 10_000);
        var result = await Service(s => s.SubmitThroughLinkAsync(_linkToken, new RegistrationInput(huge, huge, huge + "@example.com", huge, null, huge, huge)));

        Assert.Equal(SubmitStatus.Invalid, result.Status);
        Assert.Equal(["Email", "FirstName", "LastName", "Password", "Phone"], result.Errors.Keys.Order());
        Assert.Empty(await Db(db => db.PendingRegistrations.ToListAsync()));
    }
}

public class PurgeUnverifiedTests : OutboxTestBase
{
    [Fact]
    public async Task Registrations_never_confirmed_are_purged_after_seven_days_and_confirmed_ones_are_kept()
    {
        string token;
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var info = await scope.ServiceProvider.GetRequiredService<RegistrationLinks>().GetOrCreateAsync(Studio.Id);
            token = info.Url![(info.Url!.LastIndexOf('/') + 1)..];
            var service = scope.ServiceProvider.GetRequiredService<RegistrationService>();
            foreach (var email in new[] { "a@example.com", "b@example.com" })
                await service.SubmitThroughLinkAsync(token, new RegistrationInput("Ana", "Lopez", email, null, null, "a fine long passphrase", "a fine long passphrase"));
        }
        await DrainAsync();
        var confirmToken = System.Text.RegularExpressions.Regex.Match(Sink.Received.First(r => r.To == "a@example.com").Message.TextBody!, "/register/confirm/([A-Za-z0-9_-]{43})").Groups[1].Value;
        await using (var scope = Host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RegistrationService>().ConfirmAsync(confirmToken);

        var job = Host.Services.GetRequiredService<PurgeUnverifiedJob>();
        Host.Time.Advance(TimeSpan.FromDays(6));
        var early = await job.PurgeAsync();
        Host.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var late = await job.PurgeAsync();

        Assert.Equal((0, 1), (early, late));
        await using var db = await Host.DbAsync();
        Assert.Equal(["a@example.com"], await db.PendingRegistrations.Select(p => p.Email).ToListAsync());
    }
}
