using Npgsql;

namespace Mediation.Bench.CaseSize;

/// <summary>Every table of the database (all schemas: the app's and Hangfire's) with its exact row count and total size
/// (heap, indexes, TOAST).</summary>
public sealed record TableSize(string Schema, string Table, long Rows, long Bytes)
{
    public string Name => Schema == "public" ? Table : $"{Schema}.{Table}";

    public static async Task<(Dictionary<string, TableSize> Tables, long DatabaseBytes)> ReadAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var tables = new List<(string Schema, string Table, long Bytes)>();
        await using (
            var command = new NpgsqlCommand(
                """
                SELECT n.nspname, c.relname, pg_total_relation_size(c.oid)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
                """,
                db
            )
        )
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                tables.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        var result = new Dictionary<string, TableSize>();
        foreach (var (schema, table, bytes) in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".\"{table}\"", db);
            var size = new TableSize(schema, table, (long)(await count.ExecuteScalarAsync())!, bytes);
            result[size.Name] = size;
        }
        await using var dbSize = new NpgsqlCommand("SELECT pg_database_size(current_database())", db);
        return (result, (long)(await dbSize.ExecuteScalarAsync())!);
    }

    /// <summary>VACUUM ANALYZE, so that the sizes include the visibility and free-space maps a settled table
    /// has.</summary>
    public static async Task VacuumAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("VACUUM ANALYZE", db) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
