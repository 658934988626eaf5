using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using EBallroom.Portal.Features.AutoGenerate;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Features.Registration;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Email;
using EBallroom.Portal.Infrastructure.Identity;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace EBallroom.Portal.Tests.Infrastructure;

/// <summary>One portal instance of two over a shared database, sending its mail to a shared SMTP sink.</summary>
public sealed class InstanceFactory(string databasePath, int smtpPort) : PortalAppFactory(databasePath)
{
    protected override void Adjust(IDictionary<string, string?> settings)
    {
        settings["Smtp:Host"] = "127.0.0.1";
        settings["Smtp:Port"] = smtpPort.ToString();
        settings["Smtp:Security"] = "None";
        // The default check-ins: with short ones, a loaded test machine makes an instance look dead to the other, which then
        // takes over its firings (at-least-once by design), and a firing runs twice.
    }
}

/// <summary>
/// Two portal instances over one PostgreSQL database (run with <c>EBP_TEST_POSTGRES</c>; see README): mail, sign-ins,
/// registrations, auto-generate runs and scheduled jobs are shared without being doubled.
/// </summary>
[Trait("Database", "PostgreSql")]
public sealed class SeveralInstancesTests : IAsyncLifetime
{
    private readonly TestFiles _files = new();
    private readonly LoopbackSmtpServer _sink = new();
    private InstanceFactory _a = default!, _b = default!;

    public async Task InitializeAsync()
    {
        Assert.True(TestSettings.OnPostgres, "These tests need a PostgreSQL server: set EBP_TEST_POSTGRES (README, 'Running several instances').");
        await _sink.StartAsync();
        var path = _files.PathFor("shared.db");
        _a = new InstanceFactory(path, _sink.Port);
        _ = _a.Services; // A migrates the database and creates Quartz's tables before B starts.
        _b = new InstanceFactory(path, _sink.Port);
        _ = _b.Services;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _sink.DisposeAsync();
        _files.Dispose();
    }

    /// <summary>Queues <paramref name="count"/> due emails whose Message-Ids start with <paramref name="prefix"/>.</summary>
    private async Task QueueAsync(int count, string prefix)
    {
        await using var db = await Db();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.InsertAllAsync(Enumerable.Range(0, count).Select(i => OutboxEmail.Create(null, "test", $"{prefix}{i}@example.com", null, "Shared Studio",
            "Hello", "<p>Hello</p>", "Hello", $"{prefix}-{i}@example.com", DateTime.UtcNow.AddMinutes(-1))).ToList());
        await transaction.CommitAsync();
    }

    private Task<PortalDbContext> Db() => _a.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task Two_instances_deliver_2000_queued_emails_exactly_once_between_them()
    {
        await QueueAsync(2000, "shared");

        var reports = await Task.WhenAll(
            Task.Run(() => _a.Services.GetRequiredService<OutboxDrainer>().DrainAsync()),
            Task.Run(() => _b.Services.GetRequiredService<OutboxDrainer>().DrainAsync()));

        var received = _sink.Received.Where(r => r.Message.MessageId?.StartsWith("shared-") == true).ToList();
        Assert.Equal(2000, received.Count);
        Assert.Equal(2000, received.Select(r => r.Message.MessageId).Distinct().Count());
        Assert.Equal(2000, reports.Sum(r => r.Sent));
        await using var check = await Db();
        Assert.Equal(2000, await check.OutboxEmails.CountAsync(e => e.MessageId.StartsWith("shared-") && e.Status == OutboxStatus.Sent));
    }

    [Fact]
    public async Task An_instance_stopped_mid_drain_loses_nothing_and_the_other_sends_the_rest()
    {
        await QueueAsync(600, "kill");
        _sink.Delay = TimeSpan.FromMilliseconds(2);
        using var stop = new CancellationTokenSource();
        var dying = Task.Run(() => _a.Services.GetRequiredService<OutboxDrainer>().DrainAsync(stop.Token));
        while (_sink.Received.Count(r => r.Message.MessageId?.StartsWith("kill-") == true) < 100) await Task.Delay(10);
        await stop.CancelAsync();
        await dying;
        _sink.Delay = TimeSpan.Zero;

        // Whatever A held when it stopped is released or leased out; B sends everything else once the leases allow.
        await using (var db = await Db())
            await db.OutboxEmails.Where(e => e.MessageId.StartsWith("kill-")).ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseExpiresAtUtc, (DateTime?)null));
        await _b.Services.GetRequiredService<OutboxDrainer>().DrainAsync();

        var ids = _sink.Received.Select(r => r.Message.MessageId).Where(id => id?.StartsWith("kill-") == true).ToList();
        Assert.Equal(600, ids.Distinct().Count());
        Assert.True(ids.Count - 600 <= 2 * 20, $"{ids.Count - 600} sent twice");
        await using var check = await Db();
        Assert.Equal(600, await check.OutboxEmails.CountAsync(e => e.MessageId.StartsWith("kill-") && e.Status == OutboxStatus.Sent));
    }

    [Fact]
    public async Task A_form_from_one_instance_signs_in_on_the_other_and_the_cookie_works_on_both()
    {
        var studio = await _a.CreateStudioAsync("Cluster Studio " + Guid.NewGuid().ToString("N")[..6]);
        var email = $"cluster-{Guid.NewGuid():N}@example.com";
        await _a.CreateStaffAsync(studio, email, "cluster staff passphrase");
        // Cookies carried by hand, as a browser behind a load balancer would carry them from one instance to the other.
        var onA = _a.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var onB = _b.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        var form = await onA.GetAsync("/Identity/Account/Login");
        var antiforgery = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/Identity/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email, ["Input.Password"] = "cluster staff passphrase", ["ReturnUrl"] = "/clients", ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var signedIn = await onB.SendAsync(post);
        signedIn.AssertRedirectsTo("/clients");
        var auth = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("EBallroom.Portal="));

        foreach (var instance in new[] { onA, onB })
        {
            var page = new HttpRequestMessage(HttpMethod.Get, "/clients");
            page.Headers.Add("Cookie", auth);
            var response = await instance.SendAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Matches($"data-testid=\"signed-in-as\"[^>]*>{Regex.Escape(email)}<", await response.Content.ReadAsStringAsync());
        }
        (await onA.GetAsync("/clients")).AssertRedirectsTo("/Identity/Account/Login");
    }

    [Fact]
    public async Task A_password_reset_link_made_by_one_instance_works_on_the_other()
    {
        var studio = await _a.CreateStudioAsync("Reset Cluster " + Guid.NewGuid().ToString("N")[..6]);
        var email = $"reset-{Guid.NewGuid():N}@example.com";
        await _a.CreateStaffAsync(studio, email, "old cluster passphrase");
        var onA = _a.CreateBrowserLikeClient();
        (await onA.PostFormAsync("/Identity/Account/ForgotPassword", new() { ["Input.Email"] = email }))
            .AssertRedirectsTo("/Identity/Account/ForgotPasswordConfirmation");
        await _a.Services.GetRequiredService<OutboxDrainer>().DrainAsync();
        var code = Regex.Match(_sink.Received.Last(r => r.To == email).Message.TextBody ?? "", @"ResetPassword\?code=([A-Za-z0-9_\-]+)").Groups[1].Value;
        Assert.NotEmpty(code);

        (await _b.CreateBrowserLikeClient().ResetPasswordAsync(code, email, "new cluster passphrase"))
            .AssertRedirectsTo("/Identity/Account/ResetPasswordConfirmation");

        (await _a.CreateBrowserLikeClient().SignInAsync(email, "new cluster passphrase", "/clients")).AssertRedirectsTo("/clients");
    }

    [Fact]
    public async Task A_registration_started_on_one_instance_is_confirmed_on_the_other()
    {
        var studio = await _a.CreateStudioAsync("Join Cluster " + Guid.NewGuid().ToString("N")[..6]);
        string join;
        await using (var scope = _a.Services.CreateAsyncScope())
            join = new Uri((await scope.ServiceProvider.GetRequiredService<RegistrationLinks>().GetOrCreateAsync(studio.Id)).Url!).AbsolutePath;
        var email = $"joiner-{Guid.NewGuid():N}@example.com";
        var onA = _a.CreateBrowserLikeClient();
        (await onA.PostFormAsync(join, new()
        {
            ["_handler"] = "join", ["Model.FirstName"] = "Jo", ["Model.LastName"] = "Cluster", ["Model.Email"] = email, ["Model.Phone"] = "",
            ["Model.BirthDate"] = "", ["Model.Password"] = "a fine long passphrase", ["Model.ConfirmPassword"] = "a fine long passphrase",
        })).AssertRedirectsTo("/register/check-email");

        await _a.Services.GetRequiredService<OutboxDrainer>().DrainAsync();
        var text = _sink.Received.Last(r => r.To == email).Message.TextBody ?? "";
        var confirm = "/register/confirm/" + Regex.Match(text, "/register/confirm/([A-Za-z0-9_-]{43})").Groups[1].Value;
        var onB = _b.CreateBrowserLikeClient();
        var confirmed = await onB.PostFormAsync(confirm, new() { ["_handler"] = "confirm" });

        confirmed.AssertRedirectsTo($"/account?joined={studio.Id}");
        Assert.Contains($"Welcome to the client portal of {studio.Name}", await onB.GetStringAsync(confirmed.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task Two_auto_generate_runs_at_once_one_per_instance_create_no_second_account()
    {
        var studio = await _a.CreateStudioAsync("Autogen Cluster " + Guid.NewGuid().ToString("N")[..6]);
        for (var i = 0; i < 800; i++) await _a.AddClientAsync(studio.Id, new ClientDetails($"Client{i}", "Cluster", $"cluster{i}.{studio.IdNumber}@example.com"));
        long first, second;
        await using (var db = await Db())
        {
            first = await QueueAsync(_a, studio.Id);
            // A studio has one active run; the second is queued as a second instance would race to, past that guard.
            await db.AutoGenerateRuns.Where(r => r.Id == first).ExecuteUpdateAsync(s => s.SetProperty(r => r.ActiveStudioId, (int?)null));
            second = await QueueAsync(_b, studio.Id);
        }

        await Task.WhenAll(RunAsync(_a, first), RunAsync(_b, second));

        await using var check = await Db();
        Assert.Equal(800, await check.PortalLinks.CountAsync(l => l.StudioId == studio.Id));
        Assert.Equal(800, await check.Users.CountAsync(u => u.Email!.EndsWith($".{studio.IdNumber}@example.com")));
        Assert.Equal(800, await check.OutboxEmails.CountAsync(e => e.ToAddress.EndsWith($".{studio.IdNumber}@example.com")));
        Assert.Equal(800, (await check.AutoGenerateRuns.Where(r => r.Id == first || r.Id == second).ToListAsync()).Sum(r => r.Created));
    }

    private static async Task<long> QueueAsync(InstanceFactory instance, int studioId)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        var (run, _) = await AutoGenerateService.QueueAsync(new StaffMember("test", "test", studioId, true),
            scope.ServiceProvider.GetRequiredService<EBallroom.Portal.Features.Audit.AuditLog>(),
            scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>(), TimeProvider.System);
        return run.Id;
    }

    private static Task RunAsync(InstanceFactory instance, long runId) => Task.Run(async () =>
    {
        await using var scope = instance.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AutoGenerateRunner>().ExecuteAsync(runId);
    });

    [Fact]
    public async Task Each_firing_of_a_shared_repeating_job_runs_on_one_instance_only()
    {
        var key = Guid.NewGuid().ToString("N");
        var schedulerA = await _a.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var schedulerB = await _b.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.NotEqual(schedulerA.SchedulerInstanceId, schedulerB.SchedulerInstanceId);

        // Both instances schedule the same job and trigger at start, as the portal does with its drain: in the shared store
        // that is one trigger, so each firing runs once; each instance with a store of its own would run all ten.
        var start = DateTimeOffset.UtcNow.AddSeconds(3);
        var trigger = TriggerBuilder.Create().WithIdentity(key, "test").StartAt(start)
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMilliseconds(300)).WithRepeatCount(9)).Build();
        foreach (var scheduler in new[] { schedulerA, schedulerB })
            await scheduler.ScheduleJob(JobBuilder.Create<CountingJob>().WithIdentity(key, "test").UsingJobData(CountingJob.KeyName, key).Build(),
                [trigger], ScheduleJobOptions.Replacing);
        // Both schedules must land before the first firing, or the second would restart a trigger that already ran.
        Assert.True(DateTimeOffset.UtcNow < start, "Scheduling took longer than the margin before the first firing.");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (CountingJob.Firings(key).Count < 10 && DateTime.UtcNow < deadline) await Task.Delay(100);
        await Task.Delay(1000); // a doubled firing would land within this

        var firings = CountingJob.Firings(key);
        Assert.True(10 == firings.Count, string.Join("\n", firings.OrderBy(f => f.ScheduledFireTime).Select(f => $"{f.ScheduledFireTime:HH:mm:ss.fff} {f.Instance}")));
        Assert.Equal(10, firings.Select(f => f.ScheduledFireTime).Distinct().Count());
    }

    /// <summary>
    /// Records each execution: which scheduled firing it was and which instance ran it. Non-concurrent, like the portal's
    /// repeating jobs (the outbox drain, the purge): for those the clustered store marks the job's triggers blocked when one
    /// fires, so no second instance can fire the same one. (A plain concurrent job saw a rare double firing under load.)
    /// </summary>
    [DisallowConcurrentExecution]
    public sealed class CountingJob : IJob
    {
        public const string KeyName = "key";
        private static readonly ConcurrentDictionary<string, ConcurrentBag<(DateTimeOffset? ScheduledFireTime, string Instance)>> Runs = new();

        public static IReadOnlyList<(DateTimeOffset? ScheduledFireTime, string Instance)> Firings(string key) =>
            Runs.TryGetValue(key, out var bag) ? bag.ToList() : [];

        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            Runs.GetOrAdd(context.MergedJobDataMap.GetString(KeyName)!, _ => []).Add((context.ScheduledFireTimeUtc, context.Scheduler.SchedulerInstanceId));
            return ValueTask.CompletedTask;
        }
    }
}
