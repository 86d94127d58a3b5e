using Npgsql;

namespace Mediation.Api.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server that scripts/test.sh starts for the whole run (TEST_POSTGRES). Each test class gets its
/// own database on it. Without the variable the PostgreSQL tests fail and say how to run them; they never skip.
/// </summary>
public static class TestPostgres
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                "TEST_POSTGRES is not set. Run every test with `bash scripts/test.sh`, which starts PostgreSQL."
            );

    public static Database NewDatabase() => new("test_" + Guid.NewGuid().ToString("N")[..16]);

    public sealed class Database(string name)
    {
        public string ConnectionString =>
            new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;

        /// <summary>The service's settings for this database: EF Core and Hangfire both on it.</summary>
        public KeyValuePair<string, string?>[] Settings =>
            [
                new("Database:Provider", "Postgres"),
                new("Database:ConnectionString", ConnectionString),
                new("Jobs:Storage", "Postgres"),
            ];

        public async Task CreateAsync()
        {
            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        public async Task DropAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
