using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EBallroom.Portal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EBallroom.Portal.Tests.TestInfrastructure;

public static class TestSettings
{
    /// <summary>
    /// The PostgreSQL server the suite runs against when <c>EBP_TEST_POSTGRES</c> holds its connection string (no database
    /// name: each test database gets its own); otherwise every test database is a SQLite file.
    /// </summary>
    public static string? PostgresServer { get; } = Environment.GetEnvironmentVariable("EBP_TEST_POSTGRES") is { Length: > 0 } server ? server : null;

    public static bool OnPostgres => PostgresServer is not null;

    private static readonly ConcurrentDictionary<string, string> Databases = new();

    /// <summary>Settings every test host uses: its own database, no demo, cheap password hashing, no sign-in rate limit in the way.</summary>
    public static Dictionary<string, string?> For(string databasePath, bool seedDemo = false) => new()
    {
        ["Database:Provider"] = OnPostgres ? "PostgreSql" : "Sqlite",
        ["ConnectionStrings:Portal"] = ConnectionStringFor(databasePath),
        ["Demo:Seed"] = seedDemo ? "true" : "false",
        ["Identity:PasswordHashIterations"] = "1000",
        ["RateLimits:SignInPerMinute"] = "10000",
        ["RateLimits:RegistrationPerMinute"] = "10000",
        // Tests drain on purpose; the Development mailbox takes any free port so parallel hosts never collide.
        ["Email:DrainInBackground"] = "false",
        ["Email:DevSmtpPort"] = "0",
    };

    /// <summary>
    /// The database behind a test's database path: the SQLite file itself, or a PostgreSQL database named after the path,
    /// so two hosts given one path share one database on either provider.
    /// </summary>
    public static string ConnectionStringFor(string databasePath)
    {
        if (!OnPostgres) return $"Data Source={databasePath}";
        var name = Databases.GetOrAdd(databasePath, path => "ebp_test_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..20]);
        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, IncludeErrorDetail = true }.ToString();
    }

    /// <summary>A context of its own over the database behind <paramref name="databasePath"/>, outside any host.</summary>
    public static PortalDbContext NewContext(string databasePath) => OnPostgres
        ? new PostgreSqlPortalDbContext(new DbContextOptionsBuilder<PostgreSqlPortalDbContext>().UseNpgsql(ConnectionStringFor(databasePath)).Options)
        : new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(ConnectionStringFor(databasePath)).Options);

    /// <summary>The environment a child process of the portal needs to open the same database.</summary>
    public static void ApplyTo(IDictionary<string, string?> environment, string databasePath)
    {
        environment["Database__Provider"] = OnPostgres ? "PostgreSql" : "Sqlite";
        environment["ConnectionStrings__Portal"] = ConnectionStringFor(databasePath);
    }

    /// <summary>Drops the PostgreSQL databases made for paths under <paramref name="directory"/>.</summary>
    public static void DropDatabasesUnder(string directory)
    {
        if (!OnPostgres) return;
        foreach (var (path, name) in Databases.Where(d => d.Key.StartsWith(directory, StringComparison.Ordinal)).ToList())
        {
            Databases.TryRemove(path, out _);
            // Called from a synchronous Dispose; a leftover test database harms nothing, so it is only reported.
            if (PostgresDatabases.DropAsync(PostgresServer!, name).GetAwaiter().GetResult() is { } reason)
                Console.Error.WriteLine($"Test database {name} left behind: {reason}");
        }
    }
}
