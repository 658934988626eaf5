using EBallroom.Portal.Tests.TestInfrastructure;
using System.Diagnostics;
using EBallroom.Portal.Features.Outbox;

namespace EBallroom.Portal.Tests.Features.Outbox;

public class OutboxConcurrencyTests : OutboxTestBase
{
    protected override void Adjust(IDictionary<string, string?> settings)
    {
        settings["Email:BatchSize"] = "25";
        settings["Email:MarkEvery"] = "5";
    }

    [Fact]
    public async Task Two_drainers_in_two_hosts_over_one_database_deliver_each_of_500_emails_exactly_once()
    {
        await QueueAsync(500);
        var second = NewHost(Host.DatabasePath);
        await second.InitializeAsync();
        // A server that takes a moment per message, as real ones do: the drains overlap however fast this machine is.
        Sink.Delay = TimeSpan.FromMilliseconds(2);
        try
        {
            var reports = await Task.WhenAll(
                Task.Run(() => DrainAsync(Host)), Task.Run(() => DrainAsync(second)),
                Task.Run(() => DrainAsync(Host)), Task.Run(() => DrainAsync(second)));

            Assert.Equal(500, reports.Sum(r => r.Sent));
            Assert.True(reports.Count(r => r.Sent > 0) >= 2, "Both hosts should have taken part: " + string.Join(" / ", reports.Select(r => r.Sent)));
            Assert.Equal(500, DeliveriesByMessageId().Count);
            Assert.All(DeliveriesByMessageId().Values, n => Assert.Equal(1, n));
            Assert.All(await RowsAsync(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_drain_cancelled_midway_loses_nothing_and_the_next_drain_sends_the_rest()
    {
        Sink.Delay = TimeSpan.FromMilliseconds(5);
        await QueueAsync(200);
        using var cancel = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (Sink.ReceivedCount < 60) await Task.Delay(5);
            await cancel.CancelAsync();
        });

        var stopped = await DrainAsync(cancellationToken: cancel.Token);
        await watcher;
        var rest = await DrainAsync();

        Assert.InRange(stopped.Sent, 55, 199);
        Assert.Equal(200, stopped.Sent + rest.Sent);
        Assert.All(await RowsAsync(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.Equal(200, DeliveriesByMessageId().Count);
        // The message in flight when the drain stopped may go out again, with its Message-Id, so receivers can drop it.
        Assert.True(Sink.ReceivedCount <= 201, $"{Sink.ReceivedCount} deliveries of 200 emails.");
    }

    [Fact]
    public async Task A_drainer_process_killed_midway_loses_nothing()
    {
        Sink.Delay = TimeSpan.FromMilliseconds(10);
        await QueueAsync(300);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("outbox");
        start.ArgumentList.Add("drain");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        TestSettings.ApplyTo(start.Environment, Host.DatabasePath);
        start.Environment["Smtp__Host"] = "127.0.0.1";
        start.Environment["Smtp__Port"] = Sink.Port.ToString();
        start.Environment["Smtp__Security"] = "None";
        start.Environment["Email__BatchSize"] = "25";
        start.Environment["Email__MarkEvery"] = "5";
        start.Environment["Email__LeaseSeconds"] = "120";

        using (var process = Process.Start(start)!)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Sink.ReceivedCount < 80 && !process.HasExited && DateTime.UtcNow < deadline) await Task.Delay(10);
            if (process.HasExited) Assert.Fail("The drainer finished before it could be killed: " + await process.StandardError.ReadToEndAsync());
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var killedAt = Sink.ReceivedCount;
        var before = await RowsAsync();
        Assert.True(before.Any(r => r.Status == OutboxStatus.Queued && r.LeaseOwner is not null), $"killed at {killedAt}: " + string.Join(", ", before.GroupBy(r => (r.Status, r.LeaseOwner is null)).Select(g => $"{g.Key}={g.Count()}")));

        // Once the dead drainer's lease has run out, another drainer takes its rows.
        Host.Time.SetUtcNow(DateTimeOffset.UtcNow.AddMinutes(5));
        Sink.Delay = TimeSpan.Zero;
        var rest = await DrainAsync();

        Assert.All(await RowsAsync(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.Equal(300, DeliveriesByMessageId().Count);
        // Rows sent but not yet marked when the process died go out again: at most two mark groups of 5 and the message in flight.
        Assert.True(Sink.ReceivedCount - 300 <= 11, $"{Sink.ReceivedCount - 300} duplicates (killed after {killedAt}, then sent {rest.Sent}).");
    }
}
