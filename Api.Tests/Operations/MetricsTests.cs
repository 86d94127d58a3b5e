using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Hangfire;
using Mediation.Api.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Operations;

/// <summary>The instruments report through System.Diagnostics.Metrics, read here with a MeterListener limited to this
/// app's IMeterFactory (other apps in the test process have meters of the same names).</summary>
public sealed class MetricsTests(ApiHost<SqliteDatabase> api) : IClassFixture<ApiHost<SqliteDatabase>>, IDisposable
{
    private readonly ConcurrentQueue<(
        string Instrument,
        long? Whole,
        double? Real,
        Dictionary<string, object?> Tags
    )> measurements = new();
    private MeterListener? listener;

    private MeterListener Listen()
    {
        var factory = api.Services.GetRequiredService<IMeterFactory>();
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>(
            (i, v, tags, _) => measurements.Enqueue((i.Name, v, null, Tags(tags)))
        );
        listener.SetMeasurementEventCallback<double>(
            (i, v, tags, _) => measurements.Enqueue((i.Name, null, v, Tags(tags)))
        );
        listener.Start();
        return listener;
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = new Dictionary<string, object?>();
        foreach (var (k, v) in tags)
            d[k] = v;
        return d;
    }

    private async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(100);
    }

    [Fact]
    public async Task RequestsAreMeasuredByRoute()
    {
        Listen();
        await api.CreateClient().GetAsync("/api/dispute-types");
        await WaitForAsync(() => measurements.Any(m => m.Instrument == "http.server.request.duration"));

        measurements
            .Should()
            .Contain(m =>
                m.Instrument == "http.server.request.duration"
                && Equals(m.Tags.GetValueOrDefault("http.route"), "/api/dispute-types")
                && Equals(m.Tags.GetValueOrDefault("http.response.status_code"), 200)
            );
    }

    [Fact]
    public async Task JobRunsAreCountedByJobAndOutcome()
    {
        Listen();
        var (ok, bad) = (Guid.NewGuid(), Guid.NewGuid());
        var jobs = api.Services.GetRequiredService<IBackgroundJobClient>();
        jobs.Enqueue(() => MetricsTestJobs.Succeed(ok));
        jobs.Enqueue(() => MetricsTestJobs.Fail(bad));

        bool Counted(string job, string outcome) =>
            measurements.Any(m =>
                m.Instrument == "mediation.jobs.runs"
                && m.Whole == 1
                && Equals(m.Tags["job"], job)
                && Equals(m.Tags["outcome"], outcome)
            );
        await WaitForAsync(() =>
            Counted("MetricsTestJobs.Succeed", "succeeded") && Counted("MetricsTestJobs.Fail", "failed")
        );

        Counted("MetricsTestJobs.Succeed", "succeeded").Should().BeTrue();
        Counted("MetricsTestJobs.Fail", "failed").Should().BeTrue();
        measurements
            .Should()
            .Contain(m =>
                m.Instrument == "mediation.jobs.duration"
                && Equals(m.Tags["job"], "MetricsTestJobs.Succeed")
                && m.Real >= 0
            );
    }

    [Fact]
    public async Task TheOutboxGaugeReportsPendingRowsPerChannel()
    {
        var later = api.Clock.GetUtcNow().UtcDateTime.AddDays(30); // not due: the sweep leaves them alone
        await api.WithDbAsync(async db =>
        {
            for (var i = 0; i < 3; i++)
                db.OutboxMessages.Add(Row(ChannelNames.Sms, OutboxStatus.Pending, later));
            db.OutboxMessages.Add(Row(ChannelNames.WeChat, OutboxStatus.Pending, later));
            db.OutboxMessages.Add(Row(ChannelNames.Sms, OutboxStatus.Sent, later));
            await db.SaveChangesAsync();
        });
        var expectedSms = api.WithDb(db =>
            db.OutboxMessages.Count(o => o.Status == OutboxStatus.Pending && o.Channel == ChannelNames.Sms)
        );

        Listen().RecordObservableInstruments();

        var gauge = measurements
            .Where(m => m.Instrument == "mediation.outbox.pending")
            .ToDictionary(m => (string)m.Tags["channel"]!, m => m.Whole);
        gauge[ChannelNames.Sms].Should().Be(expectedSms).And.BeGreaterThanOrEqualTo(3);
        gauge[ChannelNames.WeChat].Should().BeGreaterThanOrEqualTo(1);
    }

    private static OutboxMessage Row(string channel, OutboxStatus status, DateTime next) =>
        new()
        {
            RecipientKind = "staff",
            RecipientId = Guid.NewGuid(),
            Channel = channel,
            Template = "SessionReminder",
            Kind = "Test",
            Payload = "{}",
            NoticeKey = "metrics-" + Guid.NewGuid(),
            DedupeKey = "metrics-" + Guid.NewGuid(),
            Status = status,
            NextAttemptAt = next,
            CreatedAt = next,
        };

    public void Dispose() => listener?.Dispose();
}

public static class MetricsTestJobs
{
    public static readonly ConcurrentDictionary<Guid, bool> Ran = new();

    public static void Succeed(Guid id) => Ran[id] = true;

    [AutomaticRetry(Attempts = 0)]
    public static void Fail(Guid id)
    {
        Ran[id] = true;
        throw new InvalidOperationException("this job fails on purpose");
    }
}

/// <summary>With Telemetry:Exporter=Prometheus the same instruments are served in the Prometheus text format.</summary>
public sealed class PrometheusApi() : ApiFactory(new SqliteDatabase())
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Telemetry:Exporter", "Prometheus")];
}

public sealed class PrometheusExportTests(PrometheusApi api) : IClassFixture<PrometheusApi>
{
    [Fact]
    public async Task TheScrapeEndpointServesRequestAndOutboxMetrics()
    {
        var client = api.CreateClient();
        await client.GetAsync("/api/dispute-types");
        await Task.Delay(100);

        var text = await client.GetStringAsync("/metrics");

        text.Should().Contain("mediation_outbox_pending").And.Contain("http_server_request_duration_seconds");
    }

    [Fact]
    public async Task WithoutTheSettingThereIsNoScrapeEndpoint()
    {
        await using var plain = new ApiHost<SqliteDatabase>();
        await plain.InitializeAsync();
        (await plain.CreateClient().GetAsync("/metrics")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
    }
}
