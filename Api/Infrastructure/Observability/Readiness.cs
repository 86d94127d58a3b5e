using Mediation.Api.Infrastructure.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mediation.Api.Infrastructure.Observability;

/// <summary>
/// <c>/health/live</c> answers as long as the process serves HTTP (no dependency is asked). <c>/health/ready</c> runs
/// the checks tagged "ready": the database (DatabaseSetup), the job storage (JobsSetup), the object store (here) and,
/// when SignalR:Redis is set, the rooms' Redis backplane (Realtime/RedisBackplane), each with a time limit. Healthy: 200 "Healthy". Otherwise 503 problem+json naming the checks that failed, without
/// their internals.
/// </summary>
public static class Readiness
{
    public const string Tag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, string> Names = new()
    {
        ["database"] = "数据库",
        ["jobs"] = "后台任务存储",
        ["objectStorage"] = "证据文件存储",
        ["redis"] = "实时消息通道（Redis）",
    };

    internal static WebApplicationBuilder AddReadinessChecks(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddHealthChecks()
            .AddCheck<ObjectStorageHealthCheck>("objectStorage", tags: [Tag], timeout: CheckTimeout);
        // A dependency that hangs must not hang the load balancer's probe: every check gets a time limit.
        builder.Services.PostConfigure<HealthCheckServiceOptions>(o =>
        {
            foreach (var r in o.Registrations.Where(r => r.Timeout == Timeout.InfiniteTimeSpan))
                r.Timeout = CheckTimeout;
        });
        return builder;
    }

    internal static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(
            "/health/ready",
            new HealthCheckOptions { Predicate = c => c.Tags.Contains(Tag), ResponseWriter = WriteAsync }
        );
        return app;
    }

    private static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        if (report.Status != HealthStatus.Unhealthy)
        {
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync(report.Status.ToString());
            return;
        }
        var failed = report
            .Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy)
            .Select(e => Names.GetValueOrDefault(e.Key, e.Key));
        await http
            .RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(
                new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Title = ProblemTitles.For(503),
                        Detail = $"服务未就绪：{string.Join("、", failed)}不可用。",
                        Extensions =
                        {
                            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
                        },
                    },
                }
            );
    }

    private sealed class ObjectStorageHealthCheck(IObjectStorage storage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(
            HealthCheckContext context,
            CancellationToken ct = default
        )
        {
            try
            {
                await storage.ProbeAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy("object storage unusable", e);
            }
        }
    }
}
