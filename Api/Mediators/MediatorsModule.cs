using Mediation.Api.Infrastructure.Jobs;
using Mediation.Api.Intake;

namespace Mediation.Api.Mediators;

/// <summary>The register of mediators (名册), the directory citizens choose from, recommendations (for citizens and,
/// with the conflict rules, for the clerk of a case) and the alert of certificates and terms about to end.</summary>
public static class MediatorsModule
{
    public static WebApplicationBuilder AddMediators(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(MediatorRegisterApi.Policy, p =>
                p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(StaffRoles.Supervisor, StaffRoles.Admin)
            )
            .AddPolicy(ExpertsApi.ExpertPolicy, p =>
                p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(StaffRoles.Expert)
            )
            .AddPolicy(ExpertsApi.PoolPolicy, p =>
                p.RequireClaim(Claims.Kind, Claims.StaffKind)
                    .RequireRole(StaffRoles.Mediator, StaffRoles.Intake, StaffRoles.Supervisor, StaffRoles.Admin)
            );
        builder.Services.AddScoped<RegisterExpiryJob>();
        builder.Services.AddRecurringJob<RegisterExpiryJob>(
            RegisterExpiryJob.RecurringId,
            job => job.RunAsync(CancellationToken.None),
            "30 8 * * *", // 08:30 China time, after the referral deadlines
            ChinaTime.Zone
        );
        return builder;
    }

    public static WebApplication MapMediators(this WebApplication app)
    {
        app.MapMediatorDirectory();
        app.MapMediatorRegister();
        app.MapExperts();
        app.MapGroup("/api/intake")
            .WithTags("Intake")
            .RequireAuthorization(IntakeApi.Policy)
            .MapGet("/{id:guid}/mediator-recommendations", CaseRecommendations.RecommendForCase)
            .Named(
                nameof(CaseRecommendations.RecommendForCase),
                "本案推荐调解员（排除应当回避者，标出同姓同村）及申请人所选调解员能否指派"
            );
        return app;
    }
}
