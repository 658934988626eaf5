using System.Net.Sockets;
using EBallroom.Portal.Infrastructure.Data;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EBallroom.Portal.Features.Outbox;

public sealed record DrainReport(int Sent, int Retrying, int Failed, int Batches)
{
    public override string ToString() => $"sent {Sent}, to retry {Retrying}, failed {Failed} ({Batches} batches)";
}

/// <summary>
/// Sends due outbox rows. Each batch is claimed with a lease (an UPDATE that only takes rows nobody holds), so several
/// drainers over one database never send the same row; it goes out over one SMTP connection; sent rows are marked in
/// small groups as they go, so a drainer that dies resends at most a few. A failing row backs off on its own and never
/// holds up the others.
/// </summary>
public sealed class OutboxDrainer(
    IDbContextFactory<PortalDbContext> dbFactory, SmtpConnector connector, IOptions<EmailOptions> emailOptions,
    IOptions<SmtpOptions> smtpOptions, OutboxSeal seal, TimeProvider time, ILogger<OutboxDrainer> logger)
{
    private const int MaxBatchesPerDrain = 1000;

    /// <summary>
    /// This process's outbox writes take turns: two overlapping SQLite writers make one wait in the provider's busy loop,
    /// which sleeps 150 ms at a time; waiting here costs nothing.
    /// </summary>
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly EmailOptions _options = emailOptions.Value;

    public async Task<DrainReport> DrainAsync(CancellationToken cancellationToken = default)
    {
        var total = new Tally();
        var state = new DrainState();
        var batches = 0;
        try
        {
            var claim = ClaimAsync(cancellationToken);
            for (; batches < MaxBatchesPerDrain; batches++)
            {
                var (lease, rows) = await claim;
                if (rows.Count == 0) break;
                // The next batch is claimed while this one is sent: the database and the SMTP server work side by side.
                claim = cancellationToken.IsCancellationRequested ? Task.FromResult((lease, new List<OutboxEmail>())) : ClaimAsync(cancellationToken);
                await SendBatchAsync(lease, rows, state, total, cancellationToken);
            }
            if (batches == MaxBatchesPerDrain && await claim is { Rows.Count: > 0 } unused) await ReleaseAsync(unused.Lease);
        }
        catch (OperationCanceledException)
        {
            // Cancelled while claiming: nothing of that claim was sent; the next drain takes it when its lease runs out.
        }
        finally
        {
            await state.Marking;
            await state.CloseAsync();
        }
        return total.Report(batches);
    }

    /// <summary>What lives across the batches of one drain: the SMTP connection, and the chain of background "sent" marks.</summary>
    private sealed class DrainState
    {
        public SmtpClient? Client;
        public Task Marking = Task.CompletedTask;

        public void Drop()
        {
            Client?.Dispose();
            Client = null;
        }

        public async Task CloseAsync()
        {
            if (Client is null) return;
            try { await Client.DisconnectAsync(true, CancellationToken.None); } catch (Exception e) when (IsConnectionProblem(e)) { }
            Drop();
        }
    }

    private async Task<(string Lease, List<OutboxEmail> Rows)> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lease = Guid.NewGuid().ToString("N");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = db.OutboxEmails.Where(e => e.Status == OutboxStatus.Queued && e.NextAttemptAtUtc <= now
                                             && (e.LeaseExpiresAtUtc == null || e.LeaseExpiresAtUtc < now));
        var batchSize = Math.Clamp(_options.BatchSize, 1, 1000);
        if (db.Database.IsNpgsql()) return (lease, await ClaimSkippingLockedAsync(db, lease, now, batchSize, cancellationToken));
        // Another drainer may take the rows this one aimed at between its read and its claim: it then reads the next free ones.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            // A read first: an idle drain (most ticks) takes no write lock, and sees only committed rows.
            var ids = await due.OrderBy(e => e.NextAttemptAtUtc).ThenBy(e => e.Id).Select(e => e.Id).Take(batchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0) return (lease, []);
            // One UPDATE takes the batch: only rows still free when it runs, so two drainers can never take the same row.
            int claimed;
            await _writes.WaitAsync(cancellationToken);
            try
            {
                claimed = await due.Where(e => ids.Contains(e.Id)).ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.LeaseOwner, lease)
                    .SetProperty(e => e.LeaseExpiresAtUtc, now.AddSeconds(_options.LeaseSeconds)), cancellationToken);
            }
            finally
            {
                _writes.Release();
            }
            if (claimed == 0) continue;
            return (lease, await ReadClaimedAsync(db, ids, lease, cancellationToken));
        }
        return (lease, []);
    }

    /// <summary>
    /// PostgreSQL: one statement picks the due rows, skipping rows another drainer's claim holds locked at that moment,
    /// and leases them, so drainers on several instances never wait for each other nor take the same row.
    /// </summary>
    private async Task<List<OutboxEmail>> ClaimSkippingLockedAsync(PortalDbContext db, string lease, DateTime now, int batchSize,
        CancellationToken cancellationToken)
    {
        var until = now.AddSeconds(_options.LeaseSeconds);
        var queued = (int)OutboxStatus.Queued;
        var ids = await db.Database.SqlQuery<long>($"""
            UPDATE "OutboxEmails" SET "LeaseOwner" = {lease}, "LeaseExpiresAtUtc" = {until}
            WHERE "Id" IN (
                SELECT "Id" FROM "OutboxEmails"
                WHERE "Status" = {queued} AND "NextAttemptAtUtc" <= {now} AND ("LeaseExpiresAtUtc" IS NULL OR "LeaseExpiresAtUtc" < {now})
                ORDER BY "NextAttemptAtUtc", "Id"
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken);
        return ids.Count == 0 ? [] : await ReadClaimedAsync(db, ids, lease, cancellationToken);
    }

    /// <summary>By key: what <paramref name="lease"/> took of the ids it aimed at (another drainer may have taken some first).</summary>
    private static Task<List<OutboxEmail>> ReadClaimedAsync(PortalDbContext db, List<long> ids, string lease, CancellationToken cancellationToken) =>
        db.OutboxEmails.AsNoTracking().Where(e => ids.Contains(e.Id) && e.LeaseOwner == lease)
            .OrderBy(e => e.NextAttemptAtUtc).ThenBy(e => e.Id).ToListAsync(cancellationToken);

    private async Task SendBatchAsync(string lease, List<OutboxEmail> rows, DrainState connection, Tally tally, CancellationToken cancellationToken)
    {
        // Stop well before the lease runs out, so that no other drainer can take a row this one is still sending.
        var stopAt = time.GetUtcNow().AddSeconds(_options.LeaseSeconds * 0.75);
        var sent = new List<long>();
        var sealedIds = rows.Where(r => r.Sealed).Select(r => r.Id).ToHashSet();
        var next = 0;
        try
        {
            while (next < rows.Count && !cancellationToken.IsCancellationRequested && time.GetUtcNow() < stopAt)
            {
                if (connection.Client is not { IsConnected: true })
                {
                    connection.Drop();
                    try
                    {
                        connection.Client = await connector.ConnectAsync(cancellationToken);
                    }
                    catch (Exception e) when (IsConnectionProblem(e))
                    {
                        // The server is unreachable: every remaining row of the batch backs off.
                        logger.LogWarning("Outbox: cannot reach the SMTP server ({Error}); {Count} emails wait for their next attempt.", e.Message, rows.Count - next);
                        await RecordFailuresAsync(rows.Skip(next), $"SMTP server unreachable: {e.Message}", tally);
                        next = rows.Count;
                        break;
                    }
                }

                var email = rows[next];
                try
                {
                    await connection.Client.SendAsync(ToMime(email), cancellationToken);
                    sent.Add(email.Id);
                    next++;
                    if (sent.Count >= _options.MarkEvery)
                    {
                        // At most one group is being marked while the next is sent: a drainer killed now resends at most two groups.
                        if (!connection.Marking.IsCompleted) await connection.Marking;
                        MarkInBackground(connection, lease, sent, sealedIds, tally);
                    }
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    await RecordFailuresAsync([email], "The sealed body cannot be opened: the Data Protection keys changed since it was queued.", tally);
                    next++;
                }
                catch (SmtpCommandException e)
                {
                    // The server refused this message (a recipient that does not exist, a rejected sender): it alone backs off.
                    await RecordFailuresAsync([email], $"{e.ErrorCode}: {e.Message}", tally);
                    next++;
                }
                catch (Exception e) when (IsConnectionProblem(e) && !cancellationToken.IsCancellationRequested)
                {
                    // The connection broke mid-message: count an attempt for this row and reconnect for the rest.
                    await RecordFailuresAsync([email], $"Connection lost: {e.Message}", tally);
                    next++;
                    connection.Drop();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled mid-message: the connection's state is unknown; what was sent is marked below, the rest released.
            connection.Drop();
        }
        finally
        {
            MarkInBackground(connection, lease, sent, sealedIds, tally);
            if (next < rows.Count)
            {
                // Only after every sent row is marked may the others be freed: a freed row that was sent would go out twice.
                await connection.Marking;
                await ReleaseAsync(lease);
            }
        }
        Interlocked.Increment(ref tally.Batches);
    }

    /// <summary>Marks sent rows in the background while the next messages go out; one mark at a time, in order.</summary>
    private void MarkInBackground(DrainState state, string lease, List<long> sent, IReadOnlySet<long> sealedIds, Tally tally)
    {
        if (sent.Count == 0) return;
        var group = sent.ToList();
        sent.Clear();
        var previous = state.Marking;
        state.Marking = Task.Run(async () =>
        {
            await previous;
            await MarkSentAsync(lease, group, group.Where(sealedIds.Contains).ToList(), tally);
        }, CancellationToken.None);
    }

    private async Task MarkSentAsync(string lease, List<long> ids, List<long> sealedIds, Tally tally)
    {
        if (ids.Count == 0) return;
        var now = time.GetUtcNow().UtcDateTime;
        var batch = ids.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await _writes.WaitAsync(CancellationToken.None);
        try
        {
            await db.OutboxEmails.Where(e => batch.Contains(e.Id) && e.LeaseOwner == lease).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, OutboxStatus.Sent)
                .SetProperty(e => e.SentAtUtc, now)
                .SetProperty(e => e.Attempts, e => e.Attempts + 1)
                .SetProperty(e => e.LastError, (string?)null)
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresAtUtc, (DateTime?)null), CancellationToken.None);
            // A sent secret has no reason to stay, even encrypted; other bodies are left alone (rewriting them costs a server database dearly).
            if (sealedIds.Count > 0)
                await db.OutboxEmails.Where(e => sealedIds.Contains(e.Id) && e.Status == OutboxStatus.Sent).ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.HtmlBody, "")
                    .SetProperty(e => e.TextBody, ""), CancellationToken.None);
        }
        finally
        {
            _writes.Release();
        }
        Interlocked.Add(ref tally.Sent, ids.Count);
        ids.Clear();
    }

    private async Task RecordFailuresAsync(IEnumerable<OutboxEmail> rows, string error, Tally tally)
    {
        var ids = rows.Select(r => r.Id).ToList();
        if (ids.Count == 0) return;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        foreach (var email in await db.OutboxEmails.Where(e => ids.Contains(e.Id)).ToListAsync(CancellationToken.None))
        {
            if (email.RecordFailedAttempt(error, now, RetryDelay(email.Attempts + 1), _options.MaxAttempts))
            {
                tally.Failed++;
                logger.LogWarning("Outbox: email {Id} to {To} failed for good after {Attempts} attempts: {Error}", email.Id, email.ToAddress, email.Attempts, error);
            }
            else tally.Retrying++;
        }
        await _writes.WaitAsync(CancellationToken.None);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            _writes.Release();
        }
    }

    private async Task ReleaseAsync(string lease)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await _writes.WaitAsync(CancellationToken.None);
        try
        {
            await db.OutboxEmails.Where(e => e.LeaseOwner == lease).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseExpiresAtUtc, (DateTime?)null), CancellationToken.None);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Exponential backoff with ±20 % jitter, so that rows failing together do not retry together.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var seconds = Math.Min(_options.RetryMaxSeconds, _options.RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        return TimeSpan.FromSeconds(seconds * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }

    private MimeMessage ToMime(OutboxEmail email)
    {
        var smtp = smtpOptions.Value;
        var message = new MimeMessage { Subject = email.Subject, MessageId = email.MessageId, Date = DateTimeOffset.UtcNow };
        message.From.Add(new MailboxAddress(email.FromName ?? smtp.FromName, smtp.FromAddress));
        message.To.Add(new MailboxAddress(email.ToName ?? "", email.ToAddress));
        message.Headers.Add("X-Portal-Email-Kind", email.Kind);
        message.Body = email.Sealed
            ? new BodyBuilder { HtmlBody = seal.Open(email.HtmlBody), TextBody = seal.Open(email.TextBody) }.ToMessageBody()
            : new BodyBuilder { HtmlBody = email.HtmlBody, TextBody = email.TextBody }.ToMessageBody();
        return message;
    }

    private static bool IsConnectionProblem(Exception e) =>
        e is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException or TimeoutException or InvalidOperationException;

    private sealed class Tally
    {
        public int Sent, Retrying, Failed, Batches;
        public DrainReport Report(int batches) => new(Sent, Retrying, Failed, batches);
    }
}
