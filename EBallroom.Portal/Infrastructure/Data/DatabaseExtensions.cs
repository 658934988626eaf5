using EBallroom.Portal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EBallroom.Portal.Infrastructure.Data;

public enum DatabaseProvider { Sqlite, PostgreSql }

public static class DatabaseProviders
{
    /// <summary><c>Database:Provider</c>: <c>Sqlite</c> (the default) or <c>PostgreSql</c>; anything else is a configuration error.</summary>
    public static DatabaseProvider Of(IConfiguration configuration) => configuration["Database:Provider"] switch
    {
        null or "" => DatabaseProvider.Sqlite,
        var name when Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var provider) && Enum.IsDefined(provider) => provider,
        var name => throw new InvalidOperationException($"Database:Provider is '{name}'; use Sqlite or PostgreSql."),
    };
}

/// <summary>Hands out a provider's subclass of the portal's context where the portal's context is asked for.</summary>
internal sealed class PortalContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PortalDbContext>
    where TContext : PortalDbContext
{
    public PortalDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => await inner.CreateDbContextAsync(cancellationToken);
}

public static class DatabaseExtensions
{
    public const string DefaultConnectionString = "Data Source=App_Data/portal.db";

    /// <summary>
    /// SQLite by default: a file under the content root, created and migrated on start. With <c>Database:Provider</c> =
    /// <c>PostgreSql</c>, the server in <c>ConnectionStrings:Portal</c>. Registers the context factory (for Blazor circuits
    /// and background work) and a scoped context (for Identity).
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        if (DatabaseProviders.Of(configuration) == DatabaseProvider.PostgreSql)
        {
            var connectionString = configuration.GetConnectionString("Portal") is { Length: > 0 } cs && !cs.Contains("Data Source", StringComparison.OrdinalIgnoreCase)
                ? cs
                : throw new InvalidOperationException("Database:Provider is PostgreSql: set ConnectionStrings:Portal to the server, e.g. Host=127.0.0.1;Database=portal;Username=portal;Password=...");
            services.AddDbContextFactory<PostgreSqlPortalDbContext>(options => options.UseNpgsql(connectionString));
            // Everything else asks for the portal's context; on this provider that is the PostgreSQL one.
            services.AddSingleton<IDbContextFactory<PortalDbContext>>(sp => new PortalContextFactory<PostgreSqlPortalDbContext>(
                sp.GetRequiredService<IDbContextFactory<PostgreSqlPortalDbContext>>()));
            services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<PostgreSqlPortalDbContext>());
            return services;
        }
        var sqlite = ResolveSqlite(configuration.GetConnectionString("Portal") ?? DefaultConnectionString, contentRoot);
        services.AddDbContextFactory<PortalDbContext>(options => options.UseSqlite(sqlite).AddInterceptors(SqlitePragmas.Instance));
        return services;
    }

    /// <summary>Relative SQLite paths are taken from the content root, not from wherever the process was started.</summary>
    public static string ResolveSqlite(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal)
            && !Path.IsPathRooted(source))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, source));
        }
        if (builder.DataSource is { Length: > 0 } path && Path.GetDirectoryName(path) is { Length: > 0 } dir && !path.StartsWith("file:", StringComparison.Ordinal))
            Directory.CreateDirectory(dir);
        // Several writers (web requests, the CLI, background jobs) share the file: wait for a lock rather than fail at once.
        if (builder.DefaultTimeout < 30) builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    /// <summary>Applies migrations and makes sure the roles exist. Safe to call on every start.</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets the grid read while an import writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        }
    }
}

/// <summary>
/// Per-connection SQLite settings. In WAL mode, synchronous=NORMAL skips the fsync of every commit and syncs at
/// checkpoints: a commit can only be lost to a power cut or OS crash (never to the app dying), and then together with
/// the emails it queued. It multiplies the rate of small writes (the outbox marks rows sent in small groups).
/// </summary>
internal sealed class SqlitePragmas : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
