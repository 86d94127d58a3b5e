using Mediation.Api.Infrastructure.Jobs;
using Mediation.Api.ReferenceData;

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
        app.MapSubsidiesApi();
        return app;
    }

    /// <summary>The default subsidy standard (<see cref="SubsidyCalculator.Default"/>) for each county of the seed
    /// file that has none; what an administrator set is never overwritten. An instance that loses the insert race
    /// to another starting at once finds the winner's row.</summary>
    public static async Task SeedSubsidyRulesAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var codes = scope
            .ServiceProvider.GetRequiredService<ReferenceSeed>()
            .Bodies.Where(b => b.Level == BodyLevel.County)
            .Select(b => b.Code)
            .ToList();
        var rules = db.SubsidyRules;
        var counties = await db
            .Bodies.Where(b => codes.Contains(b.Code) && !rules.Any(r => r.BodyId == b.Id))
            .Select(b => b.Id)
            .ToListAsync();
        if (counties.Count == 0)
            return;
        foreach (var county in counties)
            db.SubsidyRules.Add(SubsidyCalculator.Default(county));
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e)
        {
            app.Logger.LogInformation(e, "Subsidy rules seeded concurrently by another instance");
        }
    }
}
