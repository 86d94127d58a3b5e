using Hangfire;
using Hangfire.Common;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Mediation.Api.Infrastructure.Observability;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mediation.Api.Infrastructure.Jobs;

public enum JobStorageKind
{
    Sqlite,
    Postgres,
    InMemory,
}

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Sqlite (default, storage/jobs.db, one server process), Postgres (production, shared), InMemory (tests
    /// only: lost on restart).</summary>
    public JobStorageKind Storage { get; set; } = JobStorageKind.Sqlite;

    /// <summary>For Postgres; defaults to Database:ConnectionString.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>False on instances that only serve HTTP; jobs they enqueue run on the job servers.</summary>
    public bool RunServer { get; set; } = true;
    public int WorkerCount { get; set; } = 4;

    /// <summary>How often the server looks for scheduled jobs that are due: it bounds how late a reminder wake-up
    /// starts.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>PostgreSQL: a job fetched by a server that then died (killed, not stopped) is run again after this
    /// long. The running server keeps extending it (sliding), so a long job is not taken twice.</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Hangfire: durable background jobs. Jobs live in the feature that owns them, take ids and are
/// idempotent.</summary>
public static class JobsSetup
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        builder
            .Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .Validate(o => o.WorkerCount is >= 1 and <= 64, "Jobs:WorkerCount must be between 1 and 64.")
            .Validate(
                o => o.InvisibilityTimeout >= TimeSpan.FromSeconds(5),
                "Jobs:InvisibilityTimeout must be at least 5 seconds."
            )
            .ValidateOnStart();
        var storageRoot = StorageOptions.ResolveRoot(builder.Configuration, builder.Environment);
        var postgres = options.ConnectionString ?? builder.Configuration["Database:ConnectionString"];

        // Our filter (correlation id, logs, metrics) through this app's own provider: Hangfire's global filter list is
        // static.
        builder.Services.AddSingleton<IJobFilterProvider>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return new JobCorrelationFilter.Provider(sp.GetRequiredService<JobCorrelationFilter>());
        });
        // This app's own storage and activator in DI. AddHangfire alone would resolve Hangfire's static
        // JobStorage.Current and JobActivator.Current, which the last app configured in a process wins (tests host
        // several apps at once).
        builder.Services.AddSingleton<JobStorage>(_ =>
            options.Storage switch
            {
                JobStorageKind.Postgres => PostgresStorage(postgres, options),
                JobStorageKind.InMemory => new Hangfire.InMemory.InMemoryStorage(),
                _ => new SQLiteStorage(
                    Path.Combine(storageRoot, "jobs.db"),
                    new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) }
                ),
            }
        );
        builder.Services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(
            sp.GetRequiredService<IServiceScopeFactory>()
        ));
        builder.Services.AddHangfire(
            (sp, config) =>
                config
                    .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                    .UseSimpleAssemblyNameTypeSerializer()
                    .UseRecommendedSerializerSettings()
                    .UseStorage(sp.GetRequiredService<JobStorage>())
                    .UseLogProvider(new DisposalSafeLogProvider(sp.GetRequiredService<ILoggerFactory>()))
        );
        if (options.RunServer)
            builder.Services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = options.SchedulePollingInterval;
            });
        builder.Services.AddHealthChecks().AddCheck<JobStorageHealthCheck>("jobs", tags: [Readiness.Tag]);
        builder.Services.AddHostedService<RecurringJobs.Registrar>();
        return builder;
    }

    private static PostgreSqlStorage PostgresStorage(string? connectionString, JobsOptions options)
    {
        var storageOptions = new PostgreSqlStorageOptions
        {
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            InvisibilityTimeout = options.InvisibilityTimeout,
            UseSlidingInvisibilityTimeout = true,
        };
        return new PostgreSqlStorage(
            new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, storageOptions),
            storageOptions
        );
    }

    /// <summary>The dashboard, for administrators only, through our own bearer token (also accepted once as
    /// ?access_token=, then kept in an HttpOnly cookie for the dashboard's own requests).</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard(
            "/hangfire",
            new DashboardOptions
            {
                Authorization = [new AdminDashboardAuthorization()],
                DisplayStorageConnectionString = false,
                AppPath = null,
            }
        );
        return app;
    }

    private sealed class AdminDashboardAuthorization : Hangfire.Dashboard.IDashboardAuthorizationFilter
    {
        public bool Authorize(Hangfire.Dashboard.DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.Identity?.IsAuthenticated == true
                && user.GetKind() == Claims.StaffKind
                && user.IsInRole(StaffRoles.Admin);
        }
    }

    private sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                using var connection = storage.GetConnection();
                connection.GetAllItemsFromSet("recurring-jobs");
                return Task.FromResult(HealthCheckResult.Healthy());
            }
            catch (Exception e)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("job storage unreachable", e));
            }
        }
    }

    /// <summary>Hangfire keeps one log provider per process (static; the last app configured wins). When that app is
    /// disposed before another one (tests host several), its LoggerFactory refuses new loggers: hand out a silent one
    /// instead of failing jobs.</summary>
    private sealed class DisposalSafeLogProvider(ILoggerFactory loggers) : Hangfire.Logging.ILogProvider
    {
        private readonly Hangfire.AspNetCore.AspNetCoreLogProvider inner = new(loggers);

        public Hangfire.Logging.ILog GetLogger(string name)
        {
            try
            {
                return inner.GetLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return Silent.Instance;
            }
        }

        private sealed class Silent : Hangfire.Logging.ILog
        {
            public static readonly Silent Instance = new();

            public bool Log(
                Hangfire.Logging.LogLevel logLevel,
                Func<string>? messageFunc,
                Exception? exception = null
            ) => false;
        }
    }
}
