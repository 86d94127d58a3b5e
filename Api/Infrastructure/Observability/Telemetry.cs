using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Mediation.Api.Infrastructure.Observability;

public enum MetricsExporter
{
    None,
    Otlp,
    Prometheus,
}

public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>None (default: nothing leaves the process), Otlp (pushed to a collector), Prometheus (scraped from <see
    /// cref="PrometheusPath"/>).</summary>
    public MetricsExporter Exporter { get; set; } = MetricsExporter.None;

    /// <summary>The collector; empty = the OTEL_EXPORTER_OTLP_ENDPOINT variable or http://localhost:4317.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Grpc or HttpProtobuf.</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(60);
    public string PrometheusPath { get; set; } = "/metrics";
    public string ServiceName { get; set; } = "mediation-api";
}

/// <summary>OpenTelemetry metrics: our meter, ASP.NET Core's request and rate-limit meters, HttpClient and the runtime.
/// Off by default.</summary>
public static class Telemetry
{
    private static readonly string[] Meters =
    [
        ServiceMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Runtime",
    ];

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ServiceMetrics>();
        builder
            .Services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.Section)
            .Validate(
                o => o.OtlpEndpoint is not { Length: > 0 } e || Uri.TryCreate(e, UriKind.Absolute, out _),
                "Telemetry:OtlpEndpoint must be an absolute URL."
            )
            .Validate(
                o => o.ExportInterval >= TimeSpan.FromSeconds(1),
                "Telemetry:ExportInterval must be at least 1 second."
            )
            .Validate(o => o.PrometheusPath.StartsWith('/'), "Telemetry:PrometheusPath must start with /.")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()
            ?? new TelemetryOptions();
        if (options.Exporter == MetricsExporter.None)
            return builder;

        builder
            .Services.AddOpenTelemetry()
            .ConfigureResource(r =>
                r.AddService(
                    options.ServiceName,
                    serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId
                )
            )
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters);
                if (options.Exporter == MetricsExporter.Otlp)
                    metrics.AddOtlpExporter(
                        (exporter, reader) =>
                        {
                            if (options.OtlpEndpoint is { Length: > 0 } endpoint)
                                exporter.Endpoint = new Uri(endpoint);
                            exporter.Protocol = options.OtlpProtocol;
                            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)
                                options.ExportInterval.TotalMilliseconds;
                        }
                    );
                else
                    metrics.AddPrometheusExporter();
            });
        return builder;
    }

    /// <summary>Creates our instruments now (so the outbox gauge exists before the first job) and, for Prometheus, the
    /// scrape endpoint.</summary>
    public static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        app.Services.GetRequiredService<ServiceMetrics>();
        var options = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()
            ?? new TelemetryOptions();
        if (options.Exporter == MetricsExporter.Prometheus)
            app.MapPrometheusScrapingEndpoint(options.PrometheusPath);
        return app;
    }
}
