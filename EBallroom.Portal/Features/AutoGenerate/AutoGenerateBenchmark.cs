using System.Diagnostics;
using System.Globalization;
using EBallroom.Portal.Features.Audit;
using EBallroom.Portal.Features.AccountRequests;
using EBallroom.Portal.Features.Clients;
using EBallroom.Portal.Features.Portal;
using EBallroom.Portal.Features.Studios;
using EBallroom.Portal.Infrastructure;
using EBallroom.Portal.Infrastructure.Cli;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Features.AutoGenerate;

/// <summary>
/// <c>bench autogen</c>: N clients become accounts with queued welcome emails, through the real runner in a throw-away
/// SQLite file, timed over several runs; beside it, in the same process, the naive way (UserManager.CreateAsync with
/// Identity's default PBKDF2 hasher, one client at a time) on a sample, scaled to N.
/// </summary>
public static class AutoGenerateBenchmark
{
    public static async Task<int> RunAsync(CliContext ctx)
    {
        if (!BenchSupport.TryCount(ctx, "--clients", 10_000, 1_000_000, out var clients) || !BenchSupport.TryCount(ctx, "--runs", 3, 50, out var runs)
            || !BenchSupport.TryCount(ctx, "--sample", 40, 10_000, out var sample))
            return ctx.Fail("--clients, --runs and --sample take a whole number (at most 1,000,000, 50 and 10,000).");

        var postgres = ctx.OptionalOption("--postgres");
        var providers = postgres is null ? [DatabaseProvider.Sqlite] : new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };
        ctx.Out.WriteLine($"autogen: {clients:N0} clients with emails -> accounts, links and queued welcome emails, {runs} runs per database");
        var summary = new List<string>();
        foreach (var provider in providers)
        {
            var walls = new List<double>();
            long peakDelta = 0;
            string name = "";
            for (var run = 0; run < runs; run++)
            {
                await using var bench = await BenchHost.CreateAsync(provider, postgres);
                name = bench.Name;
                if (run == 0) ctx.Out.WriteLine($"  {name}:");
                var studioId = await bench.SeedStudioAsync(clients);
                var (wall, peak, created) = await bench.AutoGenerateAsync(studioId);
                if (created != clients) return ctx.Fail($"run {run + 1} on {name} created {created} accounts, not {clients}.");
                walls.Add(wall);
                peakDelta = Math.Max(peakDelta, peak);
                ctx.Out.WriteLine($"    run {run + 1}: {wall / 1000:F2} s wall, {wall / clients * 1000:F0} µs per account, working set +{peak / 1048576.0:F0} MB at peak");
            }
            var median = BenchSupport.Median(walls);
            summary.Add($"  batched runner on {name,-10}: median {median / 1000:F2} s for {clients:N0} ({clients / (median / 1000):N0} accounts/s), working set grew at most {peakDelta / 1048576.0:F0} MB (batches of {AutoGenerateRunner.BatchSize})");
            if (provider != DatabaseProvider.Sqlite) continue;

            await using var naiveHost = await BenchHost.CreateAsync(provider, postgres);
            var naiveStudio = await naiveHost.SeedStudioAsync(sample);
            var naive = await naiveHost.NaiveAsync(naiveStudio);
            var scaled = naive / sample * clients;
            summary.Add($"  naive (UserManager.CreateAsync + PBKDF2, one at a time, {name}): {naive / sample:F1} ms per account on {sample} clients -> {scaled / 1000:F0} s for {clients:N0}");
            summary.Add($"  batched vs naive: {scaled / median:N0}x faster (median run vs scaled sample)");
        }
        foreach (var line in summary) ctx.Out.WriteLine(line);
        return ExitCodes.Success;
    }

    /// <summary>The portal's real services over a throw-away database (<see cref="BenchDatabase"/>), deleted on dispose.</summary>
    private sealed class BenchHost : IAsyncDisposable
    {
        private readonly BenchDatabase _database;
        private readonly WebApplication _app;
        private IServiceProvider _services => _app.Services;

        private BenchHost(BenchDatabase database, WebApplication app) => (_database, _app) = (database, app);

        public string Name => _database.Name;

        public static async Task<BenchHost> CreateAsync(DatabaseProvider provider, string? postgres)
        {
            var database = await BenchDatabase.CreateAsync(provider, postgres, "autogen");
            // Built as the command line builds its host, with its own database and the default password hashing.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Path.GetTempPath() });
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                ["ConnectionStrings:Portal"] = database.ConnectionString,
                ["Identity:PasswordHashIterations"] = "100000",
            });
            builder.Services.AddPortalCore(builder.Configuration, builder.Environment);
            builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, NoUser>();
            var app = builder.Build();
            await app.Services.MigratePortalDatabaseAsync();
            return new BenchHost(database, app);
        }

        public async Task<int> SeedStudioAsync(int clients)
        {
            await using var db = await Db();
            var now = DateTime.UtcNow;
            var studio = Studio.Create("Bench Studio", "100000", now);
            db.Studios.Add(studio);
            await db.SaveChangesAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.InsertAllAsync(Enumerable.Range(0, clients).Select(i => Client.Create(studio.Id,
                new ValidClientDetails($"First{i}", $"Last{i}", $"client{i}@bench.example", null, null, PostalAddress.Empty, null, null), now)).ToList());
            await transaction.CommitAsync();
            return studio.Id;
        }

        public async Task<(double WallMs, long PeakWorkingSetDelta, int Created)> AutoGenerateAsync(int studioId)
        {
            GC.Collect();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var before = process.WorkingSet64;
            var peak = before;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.WorkingSet64);
                    try { await Task.Delay(20, sampling.Token); } catch (OperationCanceledException) { }
                }
            });

            var watch = Stopwatch.StartNew();
            await using var scope = _services.CreateAsyncScope();
            var (run, _) = await AutoGenerateService.QueueAsync(new StaffMember("bench", "bench", studioId, true), scope.ServiceProvider.GetRequiredService<AuditLog>(),
                scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>(), TimeProvider.System);
            await scope.ServiceProvider.GetRequiredService<AutoGenerateRunner>().ExecuteAsync(run.Id);
            var wall = watch.Elapsed.TotalMilliseconds;
            await sampling.CancelAsync();
            await sampler;

            await using var db = await Db();
            var created = await db.AutoGenerateOutcomes.CountAsync(o => o.RunId == run.Id && o.Kind == OutcomeKind.Created);
            if (await db.AutoGenerateRuns.Where(r => r.Id == run.Id).Select(r => r.Error).SingleAsync() is { } error) throw new InvalidOperationException(error);
            var emails = await db.OutboxEmails.CountAsync();
            if (emails != created) throw new InvalidOperationException($"{created} accounts but {emails} queued emails.");
            return (wall, peak - before, created);
        }

        /// <summary>One client at a time: UserManager.CreateAsync with Identity's default hasher, the role, the link, the email.</summary>
        public async Task<double> NaiveAsync(int studioId)
        {
            await using var db = await Db();
            var clients = await db.Clients.AsNoTracking().Where(c => c.StudioId == studioId).Select(c => new { c.Id, c.FirstName, c.LastName, c.Email }).ToListAsync();
            var watch = Stopwatch.StartNew();
            foreach (var c in clients)
            {
                await using var scope = _services.CreateAsyncScope();
                var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
                var user = new PortalUser { UserName = c.Email, Email = c.Email, EmailConfirmed = true, DisplayName = $"{c.FirstName} {c.LastName}" };
                var result = await users.CreateAsync(user, Infrastructure.Identity.TemporaryPasswords.Generate());
                if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
                await users.AddToRoleAsync(user, PortalRoles.Customer);
                await using var unit = await Db();
                unit.PortalLinks.Add(PortalLink.Create(studioId, c.Id, user.Id, LinkMethod.AutoGenerated, DateTime.UtcNow));
                await scope.ServiceProvider.GetRequiredService<PortalEmails>().QueueAccountReadyAsync(unit, c.Email!, c.FirstName, c.LastName, studioId, "Bench Studio");
                await unit.SaveChangesAsync();
            }
            return watch.Elapsed.TotalMilliseconds;
        }

        private Task<PortalDbContext> Db() => _services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        public async ValueTask DisposeAsync()
        {
            await _app.DisposeAsync();
            await _database.DisposeAsync();
        }
    }

    private sealed class NoUser : Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider
    {
        public override Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(new System.Security.Claims.ClaimsPrincipal()));
    }
}
