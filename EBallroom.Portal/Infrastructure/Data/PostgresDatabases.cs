using Npgsql;

namespace EBallroom.Portal.Infrastructure.Data;

/// <summary>Throw-away PostgreSQL databases (benchmarks, tests): dropping one that its owner is done with.</summary>
public static class PostgresDatabases
{
    /// <summary>
    /// Drops <paramref name="name"/> on the server of <paramref name="serverConnectionString"/>, ending its sessions. The
    /// server's autovacuum may hold the database a moment: a few tries, then it is left behind and the reason returned.
    /// </summary>
    public static async Task<string?> DropAsync(string serverConnectionString, string name)
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres" }.ToString());
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = $"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"")}\" WITH (FORCE)";
                await command.ExecuteNonQueryAsync();
                return null;
            }
            catch (PostgresException) when (attempt < 5)
            {
                await Task.Delay(200 * attempt);
            }
            catch (PostgresException e)
            {
                return e.MessageText;
            }
        }
    }
}
