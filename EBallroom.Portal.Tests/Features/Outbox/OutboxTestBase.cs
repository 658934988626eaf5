using EBallroom.Portal.Features.Outbox;
using EBallroom.Portal.Features.Outbox.Templates;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Email;
using EBallroom.Portal.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EBallroom.Portal.Tests.Features.Outbox;

/// <summary>A portal host whose mail goes to a real SMTP server on loopback, over a real SQLite file.</summary>
public abstract class OutboxTestBase : IAsyncLifetime
{
    protected LoopbackSmtpServer Sink { get; } = new();
    protected PortalTestHost Host { get; private set; } = default!;
    protected StudioInfo Studio { get; private set; } = default!;

    protected virtual void Adjust(IDictionary<string, string?> settings) { }

    public virtual async Task InitializeAsync()
    {
        await Sink.StartAsync();
        Host = NewHost();
        await Host.InitializeAsync();
        Studio = await Host.CreateStudioAsync("Outbox Studio");
    }

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Sink.DisposeAsync();
    }

    /// <summary>A host with this test's SMTP settings, over <paramref name="databasePath"/> (another host's file) or its own.</summary>
    protected PortalTestHost NewHost(string? databasePath = null) => new(settings =>
    {
        settings["Smtp:Host"] = "127.0.0.1";
        settings["Smtp:Port"] = Sink.Port.ToString();
        settings["Smtp:Security"] = "None";
        settings["Smtp:FromAddress"] = "portal@example.com";
        settings["Portal:BaseUrl"] = "https://portal.example.com";
        settings["Email:RetryBaseSeconds"] = "60";
        settings["Email:MaxAttempts"] = "4";
        Adjust(settings);
    }, databasePath);

    protected async Task<DrainReport> DrainAsync(PortalTestHost? host = null, CancellationToken cancellationToken = default) =>
        await (host ?? Host).Services.GetRequiredService<OutboxDrainer>().DrainAsync(cancellationToken);

    /// <summary>Queues <paramref name="count"/> test emails in one unit of work and commits it.</summary>
    protected async Task QueueAsync(int count, Func<int, string>? to = null)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
        await using var db = await Host.DbAsync();
        for (var i = 0; i < count; i++)
            await outbox.EnqueueAsync<TestEmail>(db, Envelope(to?.Invoke(i) ?? $"customer{i}@example.com"), Parameters);
        await db.SaveChangesAsync();
    }

    protected EmailEnvelope Envelope(string to) => new(to, null, "Your account is ready", "test", Studio.Id, Studio.Name);

    protected static readonly Dictionary<string, object?> Parameters = new() { ["StudioName"] = "Outbox Studio", ["SentBy"] = "a test" };

    protected async Task<List<OutboxEmail>> RowsAsync()
    {
        await using var db = await Host.DbAsync();
        return await db.OutboxEmails.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>How many times each queued Message-Id reached the server.</summary>
    protected Dictionary<string, int> DeliveriesByMessageId() =>
        Sink.Received.GroupBy(r => r.Message.MessageId ?? "").ToDictionary(g => g.Key, g => g.Count());
}
