using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mediation.Api.Infrastructure.Data;

/// <summary>
/// Lets SQLite itself wait for a locked database (sqlite3_busy_timeout, with short back-off steps) instead of
/// Microsoft.Data.Sqlite's fallback, which sleeps a whole 150 ms per retry while holding a thread.
/// </summary>
internal sealed class SqliteBusyTimeout(int milliseconds) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        Apply(connection);

    public override async Task ConnectionOpenedAsync(
        DbConnection connection,
        ConnectionEndEventData eventData,
        CancellationToken ct = default
    )
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {milliseconds};";
        await command.ExecuteNonQueryAsync(ct);
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {milliseconds};";
        command.ExecuteNonQuery();
    }
}
