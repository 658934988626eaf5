using System.Diagnostics;
using System.Globalization;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Matching;
using EBallroom.Portal.Features.Matching.Evaluation;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EBallroom.Portal.Features.AccountRequests;

/// <summary>
/// <c>bench pending</c>: the server time of the Pending Requests grid and the Details dropdown for a studio with
/// 10,000 pending requests and 100,000 clients, built in a throw-away SQLite file with the real services.
/// </summary>
public static class PendingBenchmark
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (!BenchSupport.TryCount(ctx, "--clients", 100_000, 10_000_000, out var clientCount) || !BenchSupport.TryCount(ctx, "--requests", 10_000, 1_000_000, out var requestCount)
            || !BenchSupport.TryCount(ctx, "--runs", 15, 1000, out var runs))
            return ctx.Fail("--clients, --requests and --runs take a whole number (at most 10,000,000, 1,000,000 and 1,000).");

        var directory = Directory.CreateTempSubdirectory("ebp-bench-pending-");
        try
        {
            var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={Path.Combine(directory.FullName, "pending.db")}")
                .AddInterceptors(new SqlitePragmas()).Options;
            var factory = new PooledDbContextFactory<PortalDbContext>(options);
            var build = Stopwatch.StartNew();
            var (studioId, sampleClient) = await SeedAsync(factory, clientCount, requestCount);
            ctx.Out.WriteLine($"pending: {clientCount:N0} clients and {requestCount:N0} pending requests in one studio (built in {build.Elapsed.TotalSeconds:F1} s); " +
                              $"server time of each call, {runs} runs after one warm-up");

            var management = new AccountManagement(factory, BenchSupport.StaffOf(studioId), new StudioMatcher(factory));
            var firstId = (await management.PendingAsync(new RequestQuery(PageSize: 1))).Items[0].Id;
            var phoneDigits = new string((sampleClient.Phone ?? "5550100").Where(char.IsAsciiDigit).ToArray());
            var scenarios = new (string Name, Func<Task> Call)[]
            {
                ("grid: first page", () => management.PendingAsync(new RequestQuery(Descending: false))),
                ("grid: sort by name", () => management.PendingAsync(new RequestQuery(Sort: RequestSort.Name, Descending: false))),
                ("grid: sort by score, desc", () => management.PendingAsync(new RequestQuery(Sort: RequestSort.Score))),
                ("grid: page 200", () => management.PendingAsync(new RequestQuery(Page: 200))),
                ("grid: filter by name", () => management.PendingAsync(new RequestQuery(sampleClient.LastName))),
                ("dropdown: search last name", () => management.SearchClientsAsync(sampleClient.LastName)),
                ("dropdown: search full name", () => management.SearchClientsAsync($"{sampleClient.FirstName} {sampleClient.LastName}")),
                ("dropdown: search email", () => management.SearchClientsAsync(sampleClient.Email ?? "example")),
                ("dropdown: search phone", () => management.SearchClientsAsync(phoneDigits[^7..])),
                ("details: fresh suggestions", () => management.DetailsAsync(firstId)),
            };
            foreach (var (name, call) in scenarios)
            {
                var times = await BenchSupport.TimeAsync(runs, call);
                ctx.Out.WriteLine($"  {name,-28} median {BenchSupport.Median(times),7:F1} ms   p95 {BenchSupport.P95(times),7:F1} ms");
            }
            return ExitCodes.Success;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(int StudioId, MatchClient Sample)> SeedAsync(IDbContextFactory<PortalDbContext> factory, int clientCount, int requestCount)
    {
        var set = SyntheticMatchSet.Generate(clientCount, (int)Math.Ceiling(requestCount / (double)Enum.GetValues<Case>().Length));
        var now = DateTime.UtcNow;
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        var studio = Studio.Create("Bench", "100000", now);
        db.Studios.Add(studio);
        await db.SaveChangesAsync();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.InsertAllAsync(set.Clients.Select(c => Client.Create(studio.Id,
                new ValidClientDetails(c.FirstName, c.LastName, c.Email, c.Phone, c.BirthDate, PostalAddress.Empty, null, null), now)).ToList());
            await transaction.CommitAsync();
        }
        var clients = await db.Clients.AsNoTracking().Select(c => new MatchClient(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.BirthDate)).ToListAsync();
        var index = new MatchIndex(clients, "US");

        // Requests as confirmed registrations leave them: a customer account each, the matcher's candidates attached.
        var registrations = set.Registrations.Take(requestCount).Select(r => r.Registration).ToList();
        var users = registrations.Select((r, i) => new PortalUser
        {
            UserName = $"bench{i}.{r.Email}", NormalizedUserName = $"BENCH{i}.{r.Email}".ToUpperInvariant(),
            Email = $"bench{i}.{r.Email}", NormalizedEmail = $"BENCH{i}.{r.Email}".ToUpperInvariant(), EmailConfirmed = true,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        }).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.InsertAllAsync(users);
            await db.InsertAllAsync(registrations.Select((r, i) => AccountRequest.Create(studio.Id, users[i].Id, r,
                i % 3 == 0 ? RequestSource.MagicLink : RequestSource.StudioIdNumber, index.Match(r), now.AddMinutes(-i))).ToList());
            await transaction.CommitAsync();
        }
        return (studio.Id, clients[clients.Count / 2]);
    }
}
