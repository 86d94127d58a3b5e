using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mediation.Api.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for Postgres. For Sqlite it defaults to storage/app.db.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start. Several instances may do so at once: EF Core takes a migration
    /// lock.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

public static class DatabaseSetup
{
    /// <summary>What features register to run inside every save of the request's context (scoped, so they see that
    /// context's services), e.g. Sessions' lifecycle hook that ends a case's sessions with the status change that ends
    /// the case.</summary>
    private static IEnumerable<IInterceptor> SaveHooks(IServiceProvider services) =>
        services
            .GetServices<ISaveChangesInterceptor>()
            .Concat<IInterceptor>(services.GetServices<IDbTransactionInterceptor>());

    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()
            ?? new DatabaseOptions();
        builder
            .Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Validate(
                o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is Postgres."
            )
            .ValidateOnStart();

        if (options.Provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>(
                (services, o) => o.UseNpgsql(options.ConnectionString).AddInterceptors(SaveHooks(services))
            );
        }
        else
        {
            var connectionString = SqliteConnectionString(
                options.ConnectionString,
                builder.Configuration,
                builder.Environment
            );
            builder.Services.AddDbContext<AppDbContext>(
                (services, o) =>
                    o.UseSqlite(connectionString).AddInterceptors(BusyTimeout).AddInterceptors(SaveHooks(services))
            );
        }

        builder.Services.AddScoped<UnitOfWork>();
        builder.Services.AddScoped<Events.DomainEvents>();
        builder.Services.AddScoped<ISaveChangesInterceptor, UnitOfWork.SaveHook>();
        builder.Services.AddScoped<IDbTransactionInterceptor, UnitOfWork.TransactionHook>();
        builder.Services.AddSingleton(new SqliteWriteGate(options.Provider == DatabaseProvider.Sqlite));
        builder.Services.AddSingleton<GroupCommit>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GroupCommit>());
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        return builder;
    }

    private static readonly SqliteBusyTimeout BusyTimeout = new(30_000);

    internal static string SqliteConnectionString(
        string? configured,
        IConfiguration configuration,
        IHostEnvironment environment
    )
    {
        var csb = new SqliteConnectionStringBuilder(configured ?? "");
        if (string.IsNullOrEmpty(csb.DataSource))
            csb.DataSource = Path.Combine(StorageOptions.ResolveRoot(configuration, environment), "app.db");
        // Microsoft.Data.Sqlite waits on a locked database for up to this many seconds (busy timeout).
        if (configured is null || !configured.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            csb.DefaultTimeout = 30;
        csb.Pooling = true;
        return csb.ToString();
    }

    /// <summary>Brings the schema up to date and, on SQLite, switches the file to write-ahead logging.</summary>
    private const long MigrationLockKey = 0x4D6564696174; // "Mediat"

    /// <summary>One query of the history table: an up-to-date database (every start but the first after a release)
    /// skips <c>Migrate</c>, which would also build the migrations' own model and compare it with the running one.</summary>
    private static async Task<bool> HasPendingMigrationsAsync(AppDbContext db) =>
        (await db.Database.GetPendingMigrationsAsync()).Any();

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var options = app.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()
            ?? new DatabaseOptions();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (options.MigrateOnStart && db.Database.IsNpgsql())
        {
            // Instances of a deployment start together: one migrates while the others wait on a session advisory lock,
            // then find nothing left to apply (EF's own migration lock alone let two apply the same step here).
            await db.Database.OpenConnectionAsync();
            try
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})");
                if (await HasPendingMigrationsAsync(db))
                    await db.Database.MigrateAsync();
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})");
                await db.Database.CloseConnectionAsync();
            }
        }
        else if (options.MigrateOnStart && await HasPendingMigrationsAsync(db))
            await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
