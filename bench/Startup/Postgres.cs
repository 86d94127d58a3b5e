using System.Diagnostics;

namespace Mediation.Bench.Startup;

/// <summary>A bench database of its own, created and dropped with the psql client on the PATH (this project
/// references no driver).</summary>
internal static class Postgres
{
    public static string WithDatabase(string connection, string database)
    {
        var parts = connection
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.TrimStart().StartsWith("Database=", StringComparison.OrdinalIgnoreCase))
            .Append($"Database={database}");
        return string.Join(';', parts);
    }

    public static Task CreateAsync(string connection, string database) =>
        PsqlAsync(connection, $"CREATE DATABASE {database}");

    public static Task DropAsync(string connection, string database) =>
        PsqlAsync(connection, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");

    private static async Task PsqlAsync(string connection, string sql)
    {
        var values = connection
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var psi = new ProcessStartInfo("psql", ["-v", "ON_ERROR_STOP=1", "-d", "postgres", "-c", sql]);
        psi.Environment["PGHOST"] = values.GetValueOrDefault("host", "localhost");
        psi.Environment["PGPORT"] = values.GetValueOrDefault("port", "5432");
        psi.Environment["PGUSER"] = values.GetValueOrDefault("username", "postgres");
        if (values.TryGetValue("password", out var password))
            psi.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(psi)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"psql failed on: {sql}");
    }
}
