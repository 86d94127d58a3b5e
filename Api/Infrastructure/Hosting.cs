using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace Mediation.Api.Infrastructure;

/// <summary>HTTP plumbing shared by every feature: JSON, body limits, OpenAPI, health endpoints.</summary>
public static class Hosting
{
    public static WebApplicationBuilder AddHttpPlumbing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Audit.AuditLog>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var maxBody = builder.Configuration.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? 1024 * 1024;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody);
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapOpenApi();
        if (app.Environment.IsDevelopment()) app.MapScalarApiReference();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
