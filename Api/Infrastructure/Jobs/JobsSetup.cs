using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Mediation.Api.Infrastructure.Auth;
using Mediation.Api.Infrastructure.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mediation.Api.Infrastructure.Jobs;

public enum JobStorageKind { Sqlite, Postgres, InMemory }

public sealed class JobsOptions
{
    public const string Section = "Jobs";
    /// <summary>Sqlite (default, storage/jobs.db, one server process), Postgres (production, shared), InMemory (tests only: lost on restart).</summary>
    public JobStorageKind Storage { get; set; } = JobStorageKind.Sqlite;
    /// <summary>For Postgres; defaults to Database:ConnectionString.</summary>
    public string? ConnectionString { get; set; }
    /// <summary>False on instances that only serve HTTP; jobs they enqueue run on the job servers.</summary>
    public bool RunServer { get; set; } = true;
    public int WorkerCount { get; set; } = 4;
    /// <summary>How often the server looks for scheduled jobs that are due: it bounds how late a reminder wake-up starts.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Hangfire: durable background jobs. Jobs live in the feature that owns them, take ids and are idempotent.</summary>
public static class JobsSetup
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section)
            .Validate(o => o.WorkerCount is >= 1 and <= 64, "Jobs:WorkerCount must be between 1 and 64.").ValidateOnStart();
        var storageRoot = StorageOptions.ResolveRoot(builder.Configuration, builder.Environment);
        var postgres = options.ConnectionString ?? builder.Configuration["Database:ConnectionString"];

        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            switch (options.Storage)
            {
                case JobStorageKind.Postgres:
                    config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(postgres),
                        new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) });
                    break;
                case JobStorageKind.InMemory:
                    config.UseInMemoryStorage();
                    break;
                default:
                    config.UseSQLiteStorage(Path.Combine(storageRoot, "jobs.db"), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
                    break;
            }
        });
        if (options.RunServer)
            builder.Services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = options.SchedulePollingInterval;
            });
        builder.Services.AddHealthChecks().AddCheck<JobStorageHealthCheck>("jobs", tags: ["ready"]);
        return builder;
    }

    /// <summary>The dashboard, for administrators only, through our own bearer token (also accepted once as ?access_token=, then kept in an HttpOnly cookie for the dashboard's own requests).</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorization()],
            DisplayStorageConnectionString = false,
            AppPath = null,
        });
        return app;
    }

    private sealed class AdminDashboardAuthorization : Hangfire.Dashboard.IDashboardAuthorizationFilter
    {
        public bool Authorize(Hangfire.Dashboard.DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.Identity?.IsAuthenticated == true && user.GetKind() == Claims.StaffKind && user.IsInRole(Mediation.Api.Auth.StaffRoles.Admin);
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
}
