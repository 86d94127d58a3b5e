using System.Net;
using System.Text.Json.Serialization;
using Mediation.Api.Infrastructure.Observability;
using Microsoft.AspNetCore.HttpOverrides;
using Scalar.AspNetCore;

namespace Mediation.Api.Infrastructure;

public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>How long a stopping instance waits for in-flight requests (uploads) and running jobs before it gives up
    /// on them.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reverse proxies whose X-Forwarded-For/-Proto are believed (none by default, not even loopback):
    /// addresses...</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>... and networks in CIDR notation (e.g. the container network 172.16.0.0/12).</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>HTTP plumbing shared by every feature: JSON, body limits, proxies, shutdown, OpenAPI, health
/// endpoints.</summary>
public static class Hosting
{
    public static WebApplicationBuilder AddHttpPlumbing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Audit.AuditLog>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.Converters.AddWireTimeConverters();
        });
        var maxBody = builder.Configuration.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? 1024 * 1024;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody);
        builder.Services.AddServiceOpenApi();

        var hosting = builder.Configuration.GetSection(HostingOptions.Section).Get<HostingOptions>()
            ?? new HostingOptions();
        builder
            .Services.AddOptions<HostingOptions>()
            .BindConfiguration(HostingOptions.Section)
            .Validate(
                o => o.ShutdownTimeout >= TimeSpan.Zero && o.ShutdownTimeout <= TimeSpan.FromHours(1),
                "Hosting:ShutdownTimeout must be between 0 and 1 hour."
            )
            .Validate(
                o =>
                    o.KnownProxies.All(p => IPAddress.TryParse(p, out _))
                    && o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)),
                "Hosting:KnownProxies are IP addresses and Hosting:KnownNetworks CIDR networks (10.0.0.0/8)."
            )
            .ValidateOnStart();
        // On SIGTERM Kestrel stops accepting, lets in-flight requests (a 200 MB upload) finish, and the Hangfire server
        // cancels its jobs' tokens so that they return to the queue; all of it within this timeout.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = hosting.ShutdownTimeout);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // ASP.NET Core believes loopback by default, and with both lists emptied it would believe every caller. A
            // caller that is not a configured proxy must not choose its own client address, or it picks a fresh login
            // and filing budget with every request: without configured proxies the headers are not read at all.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in hosting.KnownProxies)
                if (IPAddress.TryParse(proxy, out var ip))
                    o.KnownProxies.Add(ip);
            foreach (var network in hosting.KnownNetworks)
                if (System.Net.IPNetwork.TryParse(network, out var n))
                    o.KnownIPNetworks.Add(n);
            o.ForwardedHeaders =
                o.KnownProxies.Count + o.KnownIPNetworks.Count > 0
                    ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                    : ForwardedHeaders.None;
        });
        builder.AddRequestCorrelation();
        builder.AddReadinessChecks();
        return builder;
    }

    /// <summary>The client's real address (rate limits, audit) and the request id, before anything else runs.</summary>
    public static WebApplication UseHttpPlumbing(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRequestCorrelation();
        return app;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
            app.MapScalarApiReference();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        return app;
    }
}
