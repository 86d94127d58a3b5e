using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mediation.Bench;

/// <summary>What one benchmark sets in the shared <see cref="BenchApi"/> host.</summary>
public sealed record BenchApiOptions
{
    /// <summary>Names the temporary storage folder (e.g. "mediation-bench-").</summary>
    public required string FolderPrefix { get; init; }

    /// <summary>Names the fresh PostgreSQL database (e.g. "bench_").</summary>
    public required string DatabasePrefix { get; init; }
    public Provider Provider { get; init; } = Provider.Sqlite;

    /// <summary>PostgreSQL server to use; the host creates (and afterwards drops) its own database on it.</summary>
    public string? Connection { get; init; }

    /// <summary>Keep the database and the storage folder afterwards.</summary>
    public bool Keep { get; init; }

    /// <summary>The benchmark's own settings, applied after the common ones.</summary>
    public Action<IWebHostBuilder>? Configure { get; init; }

    /// <summary>The benchmark's own services, registered after the app's (ConfigureTestServices).</summary>
    public Action<IServiceCollection>? Services { get; init; }
}

/// <summary>
/// The real service, started in this process on Kestrel (loopback, a free port) in the Development
/// environment, with its own fresh database; linked into the bench projects that host the service in-process,
/// each of which adds its own settings and services through <see cref="BenchApiOptions"/>.
/// </summary>
public sealed class BenchApi : WebApplicationFactory<Program>
{
    private readonly BenchApiOptions options;
    private readonly string storageRoot;
    private readonly string? postgresDatabase;

    public BenchApi(BenchApiOptions options)
    {
        this.options = options;
        storageRoot = Directory.CreateTempSubdirectory(options.FolderPrefix).FullName;
        if (options.Provider == Provider.Postgres)
            postgresDatabase = options.DatabasePrefix + Guid.NewGuid().ToString("N")[..16];
        // The factory would look for the Api project beside a solution above the output folder, which may
        // be elsewhere (an artifacts path); this setting names the content root outright.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_API", RepoRoot);
        UseKestrel(0);
    }

    public string SqlitePath => Path.Combine(storageRoot, "app.db");

    /// <summary>The benchmark's own connection string to the app's database (for a bulk fill and EXPLAIN).</summary>
    public string DirectConnectionString =>
        options.Provider == Provider.Sqlite
            ? $"Data Source={SqlitePath};Pooling=False"
            : new NpgsqlConnectionStringBuilder(options.Connection)
            {
                Database = postgresDatabase,
                CommandTimeout = 0,
            }.ConnectionString;

    public string DatabaseDescription =>
        options.Provider == Provider.Sqlite
            ? $"SQLite (WAL) {SqlitePath}"
            : $"PostgreSQL database {postgresDatabase} on {HostAndPort(options.Connection)}";

    private static string HostAndPort(string? connection) =>
        new NpgsqlConnectionStringBuilder(connection) is var b ? $"{b.Host}:{b.Port}" : "";

    /// <summary>Creates the database, starts the server and returns its loopback address.</summary>
    public async Task<Uri> StartAsync()
    {
        if (postgresDatabase is not null)
            await ExecuteOnServerAsync($"CREATE DATABASE \"{postgresDatabase}\"");
        StartServer();
        var addresses = Services
            .GetRequiredService<IServer>()
            .Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses;
        return new Uri(addresses.First());
    }

    /// <summary>
    /// Keeps a report readable: no start-up chatter, and not the one harmless error EF logs on a fresh PostgreSQL
    /// database (its check for a migrations history table that does not exist yet). Failed requests still stop the run.
    /// </summary>
    public static void QuietLogging(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Error");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "None");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseContentRoot(RepoRoot);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Storage:Root", storageRoot);
        builder.UseSetting("Auth:SigningKey", RandomKey());
        builder.UseSetting("PersonalData:EncryptionKey", RandomKey());
        builder.UseSetting("PersonalData:HashKey", RandomKey());
        builder.UseSetting("Auth:LoginPermitsPerMinute", "100000");
        options.Configure?.Invoke(builder);
        if (options.Provider == Provider.Postgres)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting(
                "Database:ConnectionString",
                new NpgsqlConnectionStringBuilder(options.Connection) { Database = postgresDatabase }.ConnectionString
            );
        }
        else
        {
            builder.UseSetting("Database:Provider", "Sqlite");
        }
        if (options.Services is { } services)
            builder.ConfigureTestServices(services);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (postgresDatabase is not null && !options.Keep)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!options.Keep)
            try
            {
                Directory.Delete(storageRoot, recursive: true);
            }
            catch (IOException) { }
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(options.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        var recorded = typeof(BenchApi)
            .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")
            ?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Mediation.sln")))
            return recorded;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mediation.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Mediation.sln not found; run the benchmark from the repository.");
    }
}
