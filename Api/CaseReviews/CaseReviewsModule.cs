using Mediation.Api.Infrastructure.Jobs;

namespace Mediation.Api.CaseReviews;

/// <summary>案卷评查: samples of closed case files scored against a checklist kept as data, rectification and its
/// daily chase, quality scores per body and mediator.</summary>
public static class CaseReviewsModule
{
    public static WebApplicationBuilder AddCaseReviews(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(CaseReviewsApi.StaffPolicy, p => p.RequireClaim(Claims.Kind, Claims.StaffKind))
            .AddPolicy(CaseReviewsApi.SupervisorPolicy, p =>
                p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(StaffRoles.Supervisor, StaffRoles.Admin)
            )
            .AddPolicy(CaseReviewsApi.AdminPolicy, p =>
                p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(StaffRoles.Admin)
            );
        builder.Services.AddScoped<RectificationChaseJob>();
        builder.Services.AddRecurringJob<RectificationChaseJob>(
            RectificationChaseJob.RecurringId,
            job => job.RunAsync(CancellationToken.None),
            "30 9 * * *",
            ChinaTime.Zone
        );
        return builder;
    }

    public static WebApplication MapCaseReviews(this WebApplication app)
    {
        app.MapCaseReviewsApi();
        return app;
    }
}
