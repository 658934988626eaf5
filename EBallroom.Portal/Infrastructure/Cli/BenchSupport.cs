using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using EBallroom.Portal.Infrastructure.Data;
using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
/// PostgreSQL server of <c>--postgres</c>; migrated, and deleted on dispose.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly Func<Task> _drop;

    private BenchDatabase(string name, string connectionString, IDbContextFactory<PortalDbContext> factory, Func<Task> drop) =>
        (Name, ConnectionString, Factory, _drop) = (name, connectionString, factory, drop);

    public string Name { get; }
    public string ConnectionString { get; }
    public DatabaseProvider Provider => Name == "PostgreSQL" ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
    public IDbContextFactory<PortalDbContext> Factory { get; }

    public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider, string? postgresServer, string purpose, IServiceProvider services)
    {
        BenchDatabase database;
        if (provider == DatabaseProvider.PostgreSql)
        {
            var server = new NpgsqlConnectionStringBuilder(postgresServer);
            var name = $"ebp_bench_{purpose}_{Guid.NewGuid():N}"[..40];
            var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ToString();
            // With the portal's services, so the model is the one the migrations were made from (Identity reads its store options there).
            var options = new DbContextOptionsBuilder<PostgreSqlPortalDbContext>().UseNpgsql(connectionString).UseApplicationServiceProvider(services).Options;
            database = new BenchDatabase("PostgreSQL", connectionString,
                new PortalContextFactory<PostgreSqlPortalDbContext>(new PooledDbContextFactory<PostgreSqlPortalDbContext>(options)), async () =>
                {
                    NpgsqlConnection.ClearAllPools();
                    await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ToString());
                    await connection.OpenAsync();
                    await using var drop = connection.CreateCommand();
                    drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
                    await drop.ExecuteNonQueryAsync();
                });
        }
        else
        {
            var directory = Directory.CreateTempSubdirectory($"ebp-bench-{purpose}-");
            var connectionString = $"Data Source={Path.Combine(directory.FullName, purpose + ".db")}";
            var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connectionString).AddInterceptors(SqlitePragmas.Instance).Options;
            database = new BenchDatabase("SQLite", connectionString, new PooledDbContextFactory<PortalDbContext>(options), () =>
            {
                SqliteConnection.ClearAllPools();
                directory.Delete(recursive: true);
                return Task.CompletedTask;
            });
        }
        await using var db = await database.Factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        return database;
    }

    public async ValueTask DisposeAsync() => await _drop();
}
