using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Microsoft.AspNetCore.Components.Authorization;

namespace EBallroom.Portal.Infrastructure.Cli;

/// <summary>What the benchmarks share: percentiles, timing a call repeatedly, and a staff member to run staff services as.</summary>
public static class BenchSupport
{
    public static double Median(IReadOnlyCollection<double> times) => Percentile(times, 0.5);
    public static double P95(IReadOnlyCollection<double> times) => Percentile(times, 0.95);

    public static double Percentile(IReadOnlyCollection<double> times, double p)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))];
    }

    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> times, and returns each run's milliseconds.</summary>
    public static async Task<List<double>> TimeAsync(int runs, Func<Task> action)
    {
        await action();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    /// <summary>Reads a whole-number option from 1 to <paramref name="max"/>, or its default when absent.</summary>
    public static bool TryCount(CliContext ctx, string option, int fallback, int max, out int value)
    {
        value = fallback;
        return ctx.OptionalOption(option) is not { } raw
            || (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max);
    }

    /// <summary>A <see cref="CurrentStaff"/> of <paramref name="studioId"/>, for calling staff services from the command line.</summary>
    public static CurrentStaff StaffOf(int studioId) => new(new StaticAuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Role, PortalRoles.Staff),
            new Claim(PortalClaims.StudioId, studioId.ToString(CultureInfo.InvariantCulture)),
        ], "bench"))));

    private sealed class StaticAuthenticationState(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}

/// <summary>
/// A throw-away database for one benchmark: a SQLite file in a temporary folder, or a database of its own on the
/// PostgreSQL server of <c>--postgres</c>; set up through the portal's own services and migrations, deleted on dispose.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Func<Task> _drop;

    private BenchDatabase(string name, string connectionString, IHost host, Func<Task> drop) =>
        (Name, ConnectionString, _host, _drop) = (name, connectionString, host, drop);

    public string Name { get; }
    public string ConnectionString { get; }
    public IDbContextFactory<PortalDbContext> Factory => _host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider, string? postgresServer, string purpose)
    {
        string connectionString;
        Func<Task> drop;
        if (provider == DatabaseProvider.PostgreSql)
        {
            var server = new NpgsqlConnectionStringBuilder(postgresServer);
            var name = $"ebp_bench_{purpose}_{Guid.NewGuid():N}"[..40];
            connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ToString();
            drop = async () =>
            {
                if (await PostgresDatabases.DropAsync(server.ConnectionString, name) is { } reason)
                    Console.Error.WriteLine($"Benchmark database {name} left behind: {reason}");
            };
        }
        else
        {
            var directory = Directory.CreateTempSubdirectory($"ebp-bench-{purpose}-");
            connectionString = $"Data Source={Path.Combine(directory.FullName, purpose + ".db")}";
            drop = () =>
            {
                SqliteConnection.ClearAllPools();
                directory.Delete(recursive: true);
                return Task.CompletedTask;
            };
        }
        // The portal's own data services (never started: no hosted service runs), so the model is the one it migrates.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Portal"] = connectionString,
        });
        builder.Services.AddLogging();
        builder.Services.AddPortalCore(builder.Configuration, builder.Environment);
        var host = builder.Build();
        await host.Services.MigratePortalDatabaseAsync();
        return new BenchDatabase(provider == DatabaseProvider.PostgreSql ? "PostgreSQL" : "SQLite", connectionString, host, drop);
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await _drop();
    }
}
