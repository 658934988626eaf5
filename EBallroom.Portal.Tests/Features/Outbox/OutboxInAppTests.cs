using System.Net;
using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.Outbox;

/// <summary>The whole portal in Development with no SMTP server configured: the Quartz job drains into the Dev mailbox.</summary>
public sealed class DevMailboxAppFactory : PortalAppFactory
{
    protected override void Adjust(IDictionary<string, string?> settings)
    {
        settings["Email:DrainInBackground"] = "true";
        settings["Email:DrainIntervalSeconds"] = "1";
    }
}

public class OutboxInAppTests(DevMailboxAppFactory app) : IClassFixture<DevMailboxAppFactory>
{
    private const string Password = "correct horse battery";

    private async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Forgot_password_queues_the_reset_email_and_the_background_job_delivers_it_to_the_dev_mailbox()
    {
        var studio = await app.CreateStudioAsync("Mailbox Studio");
        await app.CreateStaffAsync(studio, "reset-me@example.com", Password);
        var client = app.CreateBrowserLikeClient();
        var mailbox = app.Services.GetRequiredService<DevMailbox>().Server;

        async Task<HttpResponseMessage> Forgot(string email)
        {
            var token = await client.AntiforgeryTokenAsync("/Identity/Account/ForgotPassword");
            return await client.PostAsync("/Identity/Account/ForgotPassword", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email, ["__RequestVerificationToken"] = token,
            }));
        }

        var known = await Forgot("reset-me@example.com");
        var unknown = await Forgot("nobody-here@example.com");

        // The same answer whether or not the email has an account.
        known.AssertRedirectsTo("/Identity/Account/ForgotPasswordConfirmation");
        unknown.AssertRedirectsTo("/Identity/Account/ForgotPasswordConfirmation");

        var received = await WaitForAsync(() => mailbox.Received.Where(r => r.To == "reset-me@example.com").ToList(), r => r.Count > 0);
        var email = Assert.Single(received);
        Assert.Equal("Reset your password", email.Subject);
        Assert.Contains("Mailbox Studio", email.Message.HtmlBody);
        Assert.Contains("/Identity/Account/ResetPassword?code=", email.Message.HtmlBody);
        Assert.DoesNotContain(mailbox.Received, r => r.To == "nobody-here@example.com");

        // The row is marked sent just after the message goes out (in the background, with the next group): wait for it.
        var factory = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        OutboxEmail row;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await using var db = await factory.CreateDbContextAsync();
            row = await db.OutboxEmails.AsNoTracking().SingleAsync(e => e.ToAddress == "reset-me@example.com");
            if (row.Status == OutboxStatus.Sent || DateTime.UtcNow > deadline) break;
            await Task.Delay(50);
        } while (true);
        Assert.Equal((OutboxStatus.Sent, (int?)studio.Id), (row.Status, row.StudioId));
    }

    [Fact]
    public async Task Staff_read_the_dev_mailbox_and_the_email_queue_pages()
    {
        var studio = await app.CreateStudioAsync("Pages Studio");
        await app.CreateStaffAsync(studio, "pages@example.com", Password);
        var client = app.CreateBrowserLikeClient();
        await client.SignInAsync("pages@example.com", Password);

        var mailbox = await client.GetAsync("/dev/mailbox");
        var queue = await client.GetAsync("/outreach/email-queue");

        Assert.Equal(HttpStatusCode.OK, mailbox.StatusCode);
        Assert.Contains("Dev mailbox", await mailbox.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains("Email queue", await queue.Content.ReadAsStringAsync());
        (await app.CreateBrowserLikeClient().GetAsync("/dev/mailbox")).AssertRedirectsTo("/Identity/Account/Login");
    }
}
