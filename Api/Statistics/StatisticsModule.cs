using Mediation.Api.Infrastructure.Jobs;

namespace Mediation.Api.Statistics;

/// <summary>Monthly statistics in the Ministry's columns, for supervisors of a body and the bodies below it.</summary>
public static class StatisticsModule
{
    public static WebApplicationBuilder AddStatistics(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(StatisticsApi.Policy, p =>
                p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(StaffRoles.Supervisor, StaffRoles.Admin)
            );
        builder.Services.AddScoped<MonthlyReportJob>();
        builder.Services.AddRecurringJob<MonthlyReportJob>(
            MonthlyReportJob.RecurringId,
            job => job.RunAsync(null, CancellationToken.None),
            "0 1 1 * *",
            ReportMonth.China
        );
        return builder;
    }

    public static WebApplication MapStatistics(this WebApplication app)
    {
        app.MapStatisticsApi();
        return app;
    }
}
