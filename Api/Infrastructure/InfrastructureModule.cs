using Mediation.Api.Infrastructure.Idempotency;
using Mediation.Api.Infrastructure.Jobs;
using Mediation.Api.Infrastructure.Observability;
using Mediation.Api.Infrastructure.Outbox;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Infrastructure.RateLimiting;
using Mediation.Api.Infrastructure.Storage;

namespace Mediation.Api.Infrastructure;

/// <summary>What every feature stands on: HTTP plumbing, telemetry, problems, validation, the database, personal-data
/// protection, rate limits, jobs, idempotency, the object store and the signed push. Imports no feature (the architecture test checks
/// it).</summary>
public static class InfrastructureModule
{
    public static WebApplicationBuilder AddInfrastructure(this WebApplicationBuilder builder) =>
        builder
            .AddHttpPlumbing()
            .AddTelemetry()
            .AddProblemHandling()
            .AddRequestValidation()
            .AddDatabase()
            .AddPersonalDataProtection()
            .AddRateLimits()
            .AddJobs()
            .AddIdempotency()
            .AddObjectStorage()
            .AddSignedPush();

    /// <summary>The signed HTTP push that the outboxes (credit records, referral results) deliver through.</summary>
    private static WebApplicationBuilder AddSignedPush(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpClient<SignedPushClient>();
        return builder;
    }

    /// <summary>The operations endpoints: OpenAPI, health, metrics and the jobs dashboard (administrators).</summary>
    public static WebApplication MapInfrastructure(this WebApplication app)
    {
        app.MapOperations();
        app.MapJobsDashboard();
        return app;
    }
}
