using System.Diagnostics.Metrics;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Infrastructure.Observability;

/// <summary>
/// Our own instruments, on the meter <c>Mediation.Api</c> (created through the app's IMeterFactory). Requests are measured by
/// ASP.NET Core's own <c>http.server.request.duration</c> (meter Microsoft.AspNetCore.Hosting), rate-limit rejections by
/// Microsoft.AspNetCore.RateLimiting; both are exported beside these when telemetry is on.
/// </summary>
public sealed class ServiceMetrics
{
    public const string MeterName = "Mediation.Api";
    /// <summary>The gauge queries the database at most this often, however many readers collect.</summary>
    private static readonly TimeSpan OutboxSampleAge = TimeSpan.FromSeconds(5);

    private readonly Counter<long> jobRuns;
    private readonly Histogram<double> jobDuration;
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<ServiceMetrics> logger;
    private readonly Lock sampleLock = new();
    private (long At, List<Measurement<long>> Values) outboxSample = (0, []);

    public ServiceMetrics(IMeterFactory meters, IServiceScopeFactory scopes, ILogger<ServiceMetrics> logger)
    {
        this.scopes = scopes;
        this.logger = logger;
        var meter = meters.Create(MeterName);
        jobRuns = meter.CreateCounter<long>("mediation.jobs.runs", "{run}", "Background job runs, by job and outcome (succeeded, failed, cancelled).");
        jobDuration = meter.CreateHistogram<double>("mediation.jobs.duration", "s", "How long background job runs took, by job and outcome.");
        meter.CreateObservableGauge("mediation.outbox.pending", SampleOutbox, "{message}", "Notification outbox rows waiting to be sent (Pending), by channel.");
    }

    public void JobRan(string job, string outcome, TimeSpan elapsed)
    {
        var tags = new System.Diagnostics.TagList { { "job", job }, { "outcome", outcome } };
        jobRuns.Add(1, tags);
        jobDuration.Record(elapsed.TotalSeconds, tags);
    }

    private IEnumerable<Measurement<long>> SampleOutbox()
    {
        lock (sampleLock)
        {
            if (outboxSample.At != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(outboxSample.At) < OutboxSampleAge) return outboxSample.Values;
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var byChannel = db.OutboxMessages.AsNoTracking().Where(o => o.Status == OutboxStatus.Pending)
                    .GroupBy(o => o.Channel).Select(g => new { Channel = g.Key, Count = g.LongCount() }).ToList();
                var values = ChannelNames.External.Select(c => new Measurement<long>(byChannel.FirstOrDefault(x => x.Channel == c)?.Count ?? 0,
                    new KeyValuePair<string, object?>("channel", c))).ToList();
                outboxSample = (System.Diagnostics.Stopwatch.GetTimestamp(), values);
            }
            catch (Exception e)
            {
                // A metrics collection must never throw into the exporter; readiness reports the database.
                logger.LogDebug(e, "Outbox depth could not be read");
                return [];
            }
            return outboxSample.Values;
        }
    }
}
