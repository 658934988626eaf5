using System.Diagnostics;
using System.Globalization;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Matching.Evaluation;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EBallroom.Portal.Features.Matching;

/// <summary>
/// <c>bench match</c>: registrations of the labelled synthetic set against a studio of (by default) 100,000 clients,
/// through the in-memory index, through the database's indexes (a temporary SQLite file), and by a full scan with
/// the same scorer; medians and p95 side by side in one run, and the index's memory.
/// </summary>
public static class MatchBenchmark
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (!TryCount(ctx, "--clients", 100_000, out var clientCount) || !TryCount(ctx, "--registrations", 2_000, out var registrationCount))
            return ctx.Fail("--clients and --registrations take a whole number from 1 to 10,000,000.");

        var build = Stopwatch.StartNew();
        var perCase = (int)Math.Ceiling(registrationCount / (double)Enum.GetValues<Case>().Length);
        var set = SyntheticMatchSet.Generate(clientCount, perCase);
        var registrations = set.Registrations.Take(registrationCount).Select(r => r.Registration).ToList();
        ctx.Out.WriteLine($"match: {set.Clients.Count:N0} synthetic clients, {registrations.Count:N0} registrations (generated in {build.Elapsed.TotalSeconds:F1} s)");

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var index = new MatchIndex(set.Clients, "US");
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(index);
        var recordBytes = EstimateRecords(set.Clients);
        ctx.Out.WriteLine($"  in-memory index: {(after - before) / 1048576.0:F1} MB of keys and lists, plus {recordBytes / 1048576.0:F1} MB of client records it points to");

        foreach (var r in registrations.Take(200)) index.Match(r);
        var indexed = Time(registrations, r => index.Match(r));
        Report(ctx, "in-memory index", indexed);

        var sample = registrations.Where((_, i) => i % Math.Max(1, registrations.Count / 50) == 0).Take(50).ToList();
        MatchIndex.MatchByScanning(sample[0], set.Clients, "US");
        var scanned = Time(sample, r => MatchIndex.MatchByScanning(r, set.Clients, "US"));
        Report(ctx, "full scan, same scorer", scanned);
        ctx.Out.WriteLine($"  index vs full scan: {BenchSupport.Median(scanned) / BenchSupport.Median(indexed):N0}x faster (medians), {BenchSupport.P95(scanned) / BenchSupport.P95(indexed):N0}x (p95)");

        var database = await TimeDatabaseAsync(set, registrations);
        Report(ctx, "database indexes (SQLite)", database);
        return ExitCodes.Success;
    }

    private static async Task<List<double>> TimeDatabaseAsync(SyntheticMatchSet set, List<Registration> registrations)
    {
        var directory = Directory.CreateTempSubdirectory("ebp-bench-match-");
        try
        {
            var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={Path.Combine(directory.FullName, "match.db")}").Options;
            var factory = new PooledDbContextFactory<PortalDbContext>(options);
            int studioId;
            await using (var db = await factory.CreateDbContextAsync())
            {
                await db.Database.MigrateAsync();
                var studio = Studio.Create("Bench", "100000", DateTime.UtcNow);
                db.Studios.Add(studio);
                await db.SaveChangesAsync();
                studioId = studio.Id;
                await using var transaction = await db.Database.BeginTransactionAsync();
                var now = DateTime.UtcNow;
                await db.InsertAllAsync(set.Clients.Select(c => Client.Create(studioId,
                    new ValidClientDetails(c.FirstName, c.LastName, c.Email, c.Phone, c.BirthDate, PostalAddress.Empty, null, null), now)).ToList());
                await transaction.CommitAsync();
            }
            var matcher = new StudioMatcher(factory);
            foreach (var r in registrations.Take(200)) await matcher.MatchAsync(studioId, r);
            var times = new List<double>(registrations.Count);
            foreach (var r in registrations)
            {
                var watch = Stopwatch.StartNew();
                await matcher.MatchAsync(studioId, r);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            return times;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static List<double> Time(List<Registration> registrations, Func<Registration, MatchResult> match)
    {
        var times = new List<double>(registrations.Count);
        foreach (var r in registrations)
        {
            var watch = Stopwatch.StartNew();
            match(r);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static void Report(CliContext ctx, string name, List<double> times) =>
        ctx.Out.WriteLine($"  {name,-28} median {BenchSupport.Median(times),8:F3} ms   p95 {BenchSupport.P95(times),8:F3} ms   ({times.Count:N0} registrations)");

    /// <summary>The client records' own memory, measured by building a copy of them.</summary>
    private static long EstimateRecords(IReadOnlyList<MatchClient> clients)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var copy = clients.Select(c => new MatchClient(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.BirthDate)).ToList();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(copy);
        return after - before;
    }

    private static bool TryCount(CliContext ctx, string option, int fallback, out int value)
    {
        value = fallback;
        return ctx.OptionalOption(option) is not { } raw
            || (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is > 0 and <= 10_000_000);
    }
}
