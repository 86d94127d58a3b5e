using System.Diagnostics.Metrics;
using Mediation.Api.Infrastructure.Observability;

namespace Mediation.Api.Notifications;

/// <summary>The gauge <c>mediation.outbox.pending</c> on the service's meter: outbox rows waiting to be sent, by
/// channel.</summary>
public sealed class OutboxMetrics
{
    /// <summary>The gauge queries the database at most this often, however many readers collect.</summary>
    private static readonly TimeSpan OutboxSampleAge = TimeSpan.FromSeconds(5);

    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<OutboxMetrics> logger;
    private readonly Lock sampleLock = new();
    private (long At, List<Measurement<long>> Values) outboxSample = (0, []);

    public OutboxMetrics(IMeterFactory meters, IServiceScopeFactory scopes, ILogger<OutboxMetrics> logger)
    {
        this.scopes = scopes;
        this.logger = logger;
        meters
            .Create(ServiceMetrics.MeterName)
            .CreateObservableGauge(
                "mediation.outbox.pending",
                SampleOutbox,
                "{message}",
                "Notification outbox rows waiting to be sent (Pending), by channel."
            );
    }

    private IEnumerable<Measurement<long>> SampleOutbox()
    {
        lock (sampleLock)
        {
            if (outboxSample.At != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(outboxSample.At) < OutboxSampleAge)
                return outboxSample.Values;
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var byChannel = db
                    .OutboxMessages.AsNoTracking()
                    .Where(o => o.Status == OutboxStatus.Pending)
                    .GroupBy(o => o.Channel)
                    .Select(g => new { Channel = g.Key, Count = g.LongCount() })
                    .ToList();
                var values = ChannelNames
                    .External.Select(c => new Measurement<long>(
                        byChannel.FirstOrDefault(x => x.Channel == c)?.Count ?? 0,
                        new KeyValuePair<string, object?>("channel", c)
                    ))
                    .ToList();
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
