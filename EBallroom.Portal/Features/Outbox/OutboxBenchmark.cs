using System.Diagnostics;
using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Email;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EBallroom.Portal.Features.Outbox;

/// <summary>
/// <c>bench outbox</c>: the outbox drains N queued emails (a temporary SQLite file) to an in-process SMTP server, and in
/// the same run a bare MailKit loop sends the same N messages over one connection; both throughputs and their ratio.
/// </summary>
public static class OutboxBenchmark
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (!BenchSupport.TryCount(ctx, "--emails", 5_000, 1_000_000, out var count))
            return ctx.Fail("--emails takes a whole number from 1 to 1,000,000.");
        if (!BenchSupport.TryCount(ctx, "--runs", 3, 50, out var runs))
            return ctx.Fail("--runs takes a number from 1 to 50.");

        var postgres = ctx.OptionalOption("--postgres");
        await using var sink = new LoopbackSmtpServer(capacity: 10);
        await sink.StartAsync();
        var email = Options.Create(ctx.Services.GetRequiredService<IOptions<EmailOptions>>().Value);
        ctx.Out.WriteLine($"outbox: {count:N0} emails to an in-process SMTP server on loopback, {runs} runs side by side (batch {email.Value.BatchSize})");
        var results = new List<(string Database, double Outbox, double Bare, double Ratio)>();
        foreach (var provider in postgres is null ? [DatabaseProvider.Sqlite] : new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
        {
            await using var database = await BenchDatabase.CreateAsync(provider, postgres, "outbox");
            ctx.Out.WriteLine($"  {database.Name}:");
            var measured = await MeasureAsync(ctx, database.Factory, sink, email, count, runs);
            if (measured is null) return ExitCodes.Failure;
            results.Add((database.Name, measured.Value.Outbox, measured.Value.Bare, measured.Value.Ratio));
        }
        foreach (var (name, outbox, bare, ratio) in results)
            ctx.Out.WriteLine($"  median {name,-10}: outbox {outbox:N0} emails/s, bare loop {bare:N0} emails/s, ratio {ratio:F2} (target ≥ 0.80)");
        return ExitCodes.Success;
    }

    /// <summary>Medians of <paramref name="runs"/> drains of <paramref name="count"/> emails beside the bare loop, after one uncounted warm-up run.</summary>
    private static async Task<(double Outbox, double Bare, double Ratio)?> MeasureAsync(CliContext ctx, IDbContextFactory<PortalDbContext> factory,
        LoopbackSmtpServer sink, IOptions<EmailOptions> email, int count, int runs)
    {
        var smtp = Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, Security = SmtpSecurity.None, FromAddress = "bench@example.com" });
        var drainer = new OutboxDrainer(factory, new SmtpConnector(smtp, ctx.Services), email, smtp, ctx.Services.GetRequiredService<OutboxSeal>(), TimeProvider.System,
            ctx.Services.GetRequiredService<ILogger<OutboxDrainer>>());
        var (html, text) = await ctx.Services.GetRequiredService<EmailRenderer>().RenderAsync<Templates.TestEmail>("Benchmark", "Bench Studio",
            new Dictionary<string, object?> { ["StudioName"] = "Bench Studio", ["SentBy"] = "the benchmark" });
        var outbox = new List<double>();
        var bare = new List<double>();
        // A first, uncounted run warms up (JIT tiering, connection pools, the database file).
        for (var run = -1; run < runs; run++)
        {
            var n = count;
            await using (var db = await factory.CreateDbContextAsync())
            {
                await db.OutboxEmails.ExecuteDeleteAsync();
                await using var transaction = await db.Database.BeginTransactionAsync();
                var now = DateTime.UtcNow;
                await db.InsertAllAsync(Enumerable.Range(0, n).Select(i => OutboxEmail.Create(1, "bench", $"customer{i}@example.com", null,
                    "Bench Studio", "Benchmark", html, text, $"{Guid.NewGuid():N}@example.com", now)).ToList());
                await transaction.CommitAsync();
                // The set-up's inserts must not be checkpointed (SQLite) or vacuumed (PostgreSQL) on the drain's time.
                await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? "PRAGMA wal_checkpoint(TRUNCATE);" : "VACUUM ANALYZE \"OutboxEmails\";");
            }
            GC.Collect();
            var before = sink.ReceivedCount;
            var watch = Stopwatch.StartNew();
            var report = await drainer.DrainAsync();
            outbox.Add(n / watch.Elapsed.TotalSeconds);
            if (report.Sent != n || sink.ReceivedCount - before != n)
            {
                ctx.Fail($"the outbox sent {report.Sent} and the server received {sink.ReceivedCount - before} of {n}.");
                return null;
            }

            before = sink.ReceivedCount;
            watch.Restart();
            using (var client = new SmtpClient())
            {
                // The same work minus the outbox: build each message from the same parts and send it.
                await client.ConnectAsync("127.0.0.1", sink.Port, SecureSocketOptions.None);
                for (var i = 0; i < n; i++) await client.SendAsync(Mime(i, html, text));
                await client.DisconnectAsync(true);
            }
            bare.Add(n / watch.Elapsed.TotalSeconds);
            if (sink.ReceivedCount - before != n)
            {
                ctx.Fail("the bare loop lost messages.");
                return null;
            }
            if (run < 0)
            {
                outbox.Clear();
                bare.Clear();
                continue;
            }
            ctx.Out.WriteLine($"    run {run + 1}: outbox {outbox[^1],8:N0} emails/s   bare MailKit loop {bare[^1],8:N0} emails/s   ratio {outbox[^1] / bare[^1]:F2}");
        }
        var ratios = outbox.Zip(bare, (o, b) => o / b).Order().ToList();
        return (Median(outbox), Median(bare), ratios[ratios.Count / 2]);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static MimeMessage Mime(int i, string html, string text)
    {
        var message = new MimeMessage { Subject = "Benchmark", MessageId = $"{Guid.NewGuid():N}@example.com" };
        message.From.Add(new MailboxAddress("Bench Studio", "bench@example.com"));
        message.To.Add(new MailboxAddress("", $"customer{i}@example.com"));
        message.Body = new BodyBuilder { HtmlBody = html, TextBody = text }.ToMessageBody();
        return message;
    }
}
