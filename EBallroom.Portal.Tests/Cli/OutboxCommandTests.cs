using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Email;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Tests.Cli;

public class OutboxCommandTests : CliTestBase, IAsyncLifetime
{
    private readonly LoopbackSmtpServer _sink = new();

    public Task InitializeAsync() => _sink.StartAsync();

    async Task IAsyncLifetime.DisposeAsync() => await _sink.DisposeAsync();

    protected override void Adjust(IDictionary<string, string?> settings)
    {
        settings["Smtp:Host"] = "127.0.0.1";
        settings["Smtp:Port"] = _sink.Port.ToString();
        settings["Smtp:Security"] = "None";
    }

    [Fact]
    public async Task Status_counts_by_state_and_drain_sends_what_is_due_and_reports()
    {
        Assert.Equal(0, (await Run("create-studio", "--name", "Cli Outbox")).Code);
        await using (var db = TestSettings.NewContext(Files.PathFor("cli.db")))
        {
            for (var i = 0; i < 3; i++)
                db.OutboxEmails.Add(OutboxEmail.Create(null, "test", $"c{i}@example.com", null, null, "Hello", "<p>Hi</p>", "Hi", $"m{i}@example.com", DateTime.UtcNow.AddMinutes(-1)));
            await db.SaveChangesAsync();
        }

        var before = await Run("outbox", "status");
        var drained = await Run("outbox", "drain");
        var usage = await Run("outbox");

        Assert.Equal((0, "queued 3 (due now 3), sent 0, failed 0"), (before.Code, before.Out.Trim()));
        Assert.Equal(0, drained.Code);
        Assert.Contains("Drained: sent 3, to retry 0, failed 0", drained.Out);
        Assert.Contains("queued 0 (due now 0), sent 3, failed 0", drained.Out);
        Assert.Equal(3, _sink.Received.Count);
        Assert.Equal(2, usage.Code);
    }
}
