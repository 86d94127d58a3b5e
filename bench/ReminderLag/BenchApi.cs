using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mediation.Bench.ReminderLag;

/// <summary>
/// The real service, started in this process on Kestrel (loopback, a free port) in the Development
/// environment, with its own fresh database (as bench/DisputeSubmission hosts it), its Hangfire server on, and the
/// real WeChat client pointed at <see cref="FakeWeChat"/>.
/// </summary>
public sealed class BenchApi : WebApplicationFactory<Program>
{
    private readonly BenchOptions options;
    private readonly string weChatBaseUrl;
    public const string ReminderTemplateId = "bench-tmpl-session-reminder";
    private readonly string storageRoot = Directory.CreateTempSubdirectory("mediation-reminderbench-").FullName;
    private readonly string? postgresDatabase;

    public BenchApi(BenchOptions options, string weChatBaseUrl)
    {
        this.options = options;
        this.weChatBaseUrl = weChatBaseUrl;
        if (options.Provider == Provider.Postgres) postgresDatabase = "rbench_" + Guid.NewGuid().ToString("N")[..16];
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_API", RepoRoot);
        UseKestrel(0);
    }

    public string SqlitePath => Path.Combine(storageRoot, "app.db");

    /// <summary>The benchmark's own connection string to the app's database (for the bulk fill and EXPLAIN).</summary>
    public string DirectConnectionString => options.Provider == Provider.Sqlite
        ? $"Data Source={SqlitePath};Pooling=False"
        : new NpgsqlConnectionStringBuilder(options.Connection) { Database = postgresDatabase, CommandTimeout = 0 }.ConnectionString;

    public string DatabaseDescription => options.Provider == Provider.Sqlite
        ? $"SQLite (WAL) {SqlitePath}"
        : $"PostgreSQL database {postgresDatabase} on {HostAndPort(options.Connection)}";

    private static string HostAndPort(string? connection) =>
        new NpgsqlConnectionStringBuilder(connection) is var b ? $"{b.Host}:{b.Port}" : "";

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
        // The real WeChat client against the fake server; one subscribe-message template for reminders.
        builder.UseSetting("WeChat:AppId", FakeWeChat.AppId);
        builder.UseSetting("WeChat:AppSecret", FakeWeChat.Secret);
        builder.UseSetting("WeChat:BaseUrl", weChatBaseUrl);
        builder.UseSetting("WeChat:Templates:SessionReminder:Id", ReminderTemplateId);
        builder.UseSetting("WeChat:Templates:SessionReminder:Fields:title", "thing1");
        builder.UseSetting("WeChat:Templates:SessionReminder:Fields:startsAt", "time2");
        builder.UseSetting("WeChat:Templates:SessionReminder:Fields:place", "thing3");
        builder.UseSetting("WeChat:Templates:SessionReminder:Fields:mode", "thing4");
        builder.UseSetting("Sms:Url", "");
        // The real Hangfire server with the provider's own job storage; only the one-hour reminder is scheduled.
        builder.UseSetting("Jobs:RunServer", "true");
        builder.UseSetting("Jobs:Storage", options.Provider == Provider.Postgres ? "Postgres" : "Sqlite");
        if (options.Workers is { } workers) builder.UseSetting("Jobs:WorkerCount", workers.ToString());
        builder.UseSetting("Sessions:ReminderOffsets:0", "01:00:00");
        builder.UseSetting("Sessions:ProposeFirstSession", "false");
        // Keep the report readable: no start-up chatter, and not the one harmless error EF logs on a fresh PostgreSQL
        // database (its check for a migrations history table that does not exist yet). Failed requests still stop the run.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Error");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "None");
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
