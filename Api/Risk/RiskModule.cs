using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Events;
using Mediation.Api.Infrastructure.Jobs;

namespace Mediation.Api.Risk;

/// <summary>
/// Risk early warning (人民调解法 第二十五条): every case assessed at filing and on every new text, alerts to supervisors,
/// reports for Major cases escalated until acknowledged, the lexicon as versioned data. Lower features only raise
/// events.
/// </summary>
public static class RiskModule
{
    public static WebApplicationBuilder AddRisk(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddOptions<RiskOptions>()
            .BindConfiguration(RiskOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.AcknowledgeWithin > TimeSpan.Zero, "Risk:AcknowledgeWithin must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<Segmenter>();
        builder.Services.AddHostedService<RiskWarmUp>();
        builder.Services.AddSingleton<RiskLexiconCache>();
        builder.Services.AddSingleton<RiskAssessor>();
        builder.Services.AddScoped<RiskCases>();
        builder.Services.AddScoped<RiskAlertJob>();
        builder.Services.AddScoped<RiskDeadlineJob>();
        builder.Services.AddEventHandler<DisputeFiling, RiskOnFiling>();
        builder.Services.AddEventHandler<CaseTextAdded, RiskOnText>();
        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(RiskApi.SupervisorPolicy, p =>
                p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(StaffRoles.Supervisor, StaffRoles.Admin)
            );
        builder.Services.AddRecurringJob<RiskAlertJob>(
            RiskAlertJob.RecurringId,
            job => job.SweepAsync(CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<RiskOptions>>().Value.SweepCron
        );
        builder.Services.AddRecurringJob<RiskDeadlineJob>(
            RiskDeadlineJob.RecurringId,
            job => job.RunAsync(CancellationToken.None),
            "0 8 * * *",
            ChinaTime.Zone
        );
        return builder;
    }

    public static WebApplication MapRisk(this WebApplication app)
    {
        app.MapRiskApi();
        return app;
    }

    /// <summary>Seeds and loads the lexicon before the first filing needs it (one small query); the segmenter's
    /// dictionary loads in the background (<see cref="RiskWarmUp"/>).</summary>
    public static async Task PrepareRiskAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await scope.ServiceProvider.GetRequiredService<RiskLexiconCache>().LoadAsync(db, CancellationToken.None);
    }
}
