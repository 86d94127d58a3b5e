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

namespace Mediation.Bench.DisputeSubmission;

/// <summary>
/// The real service, started in this process on Kestrel (loopback, a free port) in the Development
/// environment, with its own fresh database, plus the benchmark's bare endpoint.
/// </summary>
public sealed class BenchApi : WebApplicationFactory<Program>
{
    private readonly BenchOptions options;
    private readonly string storageRoot = Directory.CreateTempSubdirectory("mediation-bench-").FullName;
    private readonly string? postgresDatabase;

    public BenchApi(BenchOptions options)
    {
        this.options = options;
        if (options.Provider == Provider.Postgres) postgresDatabase = "bench_" + Guid.NewGuid().ToString("N")[..16];
        // The factory would look for the Api project beside a solution above the output folder, which may
        // be elsewhere (an artifacts path); this setting names the content root outright.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_API", RepoRoot);
        UseKestrel(0);
    }

    public string DatabaseDescription => options.Provider == Provider.Sqlite
        ? $"SQLite (WAL) {Path.Combine(storageRoot, "app.db")}"
        : $"PostgreSQL database {postgresDatabase} on {HostAndPort(options.Connection)}";

    private static string HostAndPort(string? connection) =>
        new NpgsqlConnectionStringBuilder(connection) is var b ? $"{b.Host}:{b.Port}" : "";

    /// <summary>Creates the database, starts the server and returns its loopback address.</summary>
    public async Task<Uri> StartAsync()
    {
        if (postgresDatabase is not null) await ExecuteOnServerAsync($"CREATE DATABASE \"{postgresDatabase}\"");
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.First());
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
        builder.UseSetting("RateLimits:Enabled", "false"); // each worker files hundreds of cases a minute
        builder.UseSetting("WeChat:AppSecret", ""); // Development + no secret: `dev:<name>` logs in without WeChat
        if (options.Provider == Provider.Postgres)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:ConnectionString",
                new NpgsqlConnectionStringBuilder(options.Connection) { Database = postgresDatabase }.ConnectionString);
        }
        else
        {
            builder.UseSetting("Database:Provider", "Sqlite");
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter, BareEndpoint>();
            if (options.Breakdown) Breakdown.AddProbes(services); // outermost, around the bare endpoint too
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(storageRoot, recursive: true); } catch (IOException) { }
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
        var recorded = typeof(BenchApi).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Mediation.sln"))) return recorded;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mediation.sln"))) return dir.FullName;
        throw new InvalidOperationException("Mediation.sln not found; run the benchmark from the repository.");
    }
}
