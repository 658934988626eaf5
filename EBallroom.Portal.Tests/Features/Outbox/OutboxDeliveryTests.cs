using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Features.Outbox.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.Outbox;

public class OutboxDeliveryTests : OutboxTestBase
{
    [Fact]
    public async Task An_email_is_not_sent_before_its_unit_of_work_commits_and_is_sent_after()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
        await using var db = await Host.DbAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await outbox.EnqueueAsync<TestEmail>(db, Envelope("ana@example.com"), Parameters);
        await db.SaveChangesAsync();

        var whileOpen = await DrainAsync();
        Assert.Equal(0, whileOpen.Sent);
        Assert.Empty(Sink.Received);

        await transaction.CommitAsync();
        var afterCommit = await DrainAsync();

        Assert.Equal(1, afterCommit.Sent);
        Assert.Equal("ana@example.com", Sink.Received.Single().To);
    }

    [Fact]
    public async Task A_rolled_back_change_leaves_no_email()
    {
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
            await using var db = await Host.DbAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await outbox.EnqueueAsync<TestEmail>(db, Envelope("ana@example.com"), Parameters);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            // A unit of work that never saves leaves nothing either.
            var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
            await using var db = await Host.DbAsync();
            await outbox.EnqueueAsync<TestEmail>(db, Envelope("bo@example.com"), Parameters);
        }

        Assert.Empty(await RowsAsync());
        Assert.Equal(0, (await DrainAsync()).Sent);
        Assert.Empty(Sink.Received);
    }

    [Fact]
    public async Task A_sent_email_names_the_studio_has_absolute_links_a_text_part_and_its_message_id()
    {
        await QueueAsync(1);

        await DrainAsync();

        var row = (await RowsAsync()).Single();
        var message = Sink.Received.Single().Message;
        Assert.Equal((OutboxStatus.Sent, 1), (row.Status, row.Attempts));
        Assert.Equal(Host.Time.GetUtcNow().UtcDateTime, row.SentAtUtc);
        Assert.Equal(row.MessageId, message.MessageId);
        Assert.Equal("Outbox Studio", message.From.Mailboxes.Single().Name);
        Assert.Equal("portal@example.com", message.From.Mailboxes.Single().Address);
        Assert.Contains("Outbox Studio", message.HtmlBody);
        Assert.Contains("href=\"https://portal.example.com/\"", message.HtmlBody);
        Assert.Contains("Open the portal (https://portal.example.com/)", message.TextBody);
        Assert.DoesNotContain("<", message.TextBody);
    }

    [Fact]
    public async Task With_the_server_down_emails_stay_queued_with_growing_backoff_and_all_go_out_once_when_it_returns()
    {
        await QueueAsync(30);
        var port = Sink.Port;
        await Sink.StopAsync();

        var down1 = await DrainAsync();
        var firstWaits = (await RowsAsync()).Select(r => r.NextAttemptAtUtc - Host.Time.GetUtcNow().UtcDateTime).ToList();
        Host.Time.Advance(TimeSpan.FromMinutes(2));
        var down2 = await DrainAsync();
        var secondWaits = (await RowsAsync()).Select(r => r.NextAttemptAtUtc - Host.Time.GetUtcNow().UtcDateTime).ToList();

        Assert.Equal((0, 30), (down1.Sent, down1.Retrying));
        Assert.Equal((0, 30), (down2.Sent, down2.Retrying));
        Assert.All(await RowsAsync(), r => Assert.Equal((OutboxStatus.Queued, 2), (r.Status, r.Attempts)));
        Assert.All(await RowsAsync(), r => Assert.Contains("unreachable", r.LastError));
        // ±20 % jitter around 60 s, then around 120 s.
        Assert.All(firstWaits, w => Assert.InRange(w.TotalSeconds, 47, 73));
        Assert.All(secondWaits, w => Assert.InRange(w.TotalSeconds, 95, 145));
        Assert.Equal(0, (await DrainAsync()).Sent + (await DrainAsync()).Retrying); // nothing is due yet

        await Sink.StartAsync(port);
        Host.Time.Advance(TimeSpan.FromMinutes(3));
        var back = await DrainAsync();

        Assert.Equal(30, back.Sent);
        Assert.All(await RowsAsync(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.Equal(30, DeliveriesByMessageId().Count);
        Assert.All(DeliveriesByMessageId().Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_rejected_recipient_fails_after_the_last_attempt_while_the_rest_go_out()
    {
        Sink.RejectRecipient = address => address == "nobody@example.com";
        await QueueAsync(20, i => i == 7 ? "nobody@example.com" : $"customer{i}@example.com");

        var first = await DrainAsync();
        for (var attempt = 2; attempt <= 4; attempt++)
        {
            Host.Time.Advance(TimeSpan.FromHours(2));
            await DrainAsync();
        }

        Assert.Equal((19, 1), (first.Sent, first.Retrying));
        var rows = await RowsAsync();
        var poison = rows.Single(r => r.ToAddress == "nobody@example.com");
        Assert.Equal((OutboxStatus.Failed, 4), (poison.Status, poison.Attempts));
        Assert.Contains("RecipientNotAccepted", poison.LastError);
        Assert.All(rows.Where(r => r != poison), r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.Equal(19, Sink.Received.Count);

        Host.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await DrainAsync()).Retrying);
    }

    [Fact]
    public async Task A_failed_batch_row_never_blocks_rows_queued_after_it()
    {
        Sink.RejectRecipient = address => address.StartsWith("bad", StringComparison.Ordinal);
        await QueueAsync(150, i => i < 100 ? $"bad{i}@example.com" : $"good{i}@example.com");

        var report = await DrainAsync();

        Assert.Equal((50, 100), (report.Sent, report.Retrying));
    }
}
