using System.Diagnostics.Metrics;

namespace Mediation.Api.Infrastructure.Observability;

/// <summary>
/// Our own instruments, on the meter <c>Mediation.Api</c> (created through the app's IMeterFactory). Requests are measured by
/// ASP.NET Core's own <c>http.server.request.duration</c> (meter Microsoft.AspNetCore.Hosting), rate-limit rejections by
/// Microsoft.AspNetCore.RateLimiting; both are exported beside these when telemetry is on. Features add their own instruments
/// to the same meter (Notifications: the outbox depth).
/// </summary>
public sealed class ServiceMetrics
{
    public const string MeterName = "Mediation.Api";

    private readonly Counter<long> jobRuns;
    private readonly Histogram<double> jobDuration;

    public ServiceMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        jobRuns = meter.CreateCounter<long>(
            "mediation.jobs.runs",
            "{run}",
            "Background job runs, by job and outcome (succeeded, failed, cancelled)."
        );
        jobDuration = meter.CreateHistogram<double>(
            "mediation.jobs.duration",
            "s",
            "How long background job runs took, by job and outcome."
        );
    }

    public void JobRan(string job, string outcome, TimeSpan elapsed)
    {
        var tags = new System.Diagnostics.TagList { { "job", job }, { "outcome", outcome } };
        jobRuns.Add(1, tags);
        jobDuration.Record(elapsed.TotalSeconds, tags);
    }
}
