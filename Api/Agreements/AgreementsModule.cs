using Mediation.Api.Infrastructure.Jobs;

namespace Mediation.Api.Agreements;

/// <summary>Agreements (调解协议), failure, performance, follow-up and judicial confirmation.</summary>
public static class AgreementsModule
{
    public static WebApplicationBuilder AddAgreements(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddOptions<ComplianceOptions>()
            .BindConfiguration(ComplianceOptions.Section)
            .Validate(
                o =>
                    o.EffectiveReminderOffsets.All(t => t >= TimeSpan.Zero)
                    && o.JudicialConfirmationDays > 0
                    && o.EffectiveJudicialReminderDays.All(d => d > 0 && d < o.JudicialConfirmationDays)
                    && o.DueAtTimeOfDay >= TimeSpan.Zero
                    && o.DueAtTimeOfDay < TimeSpan.FromDays(1),
                "Compliance: offsets ≥ 0, reminder days inside the judicial-confirmation period, DueAtTimeOfDay within a day."
            )
            .ValidateOnStart();
        builder.Services.AddScoped<AgreementServices>();
        builder.Services.AddScoped<ComplianceJob>();
        builder.Services.AddRecurringJob<ComplianceJob>(
            ComplianceJob.RecurringId,
            job => job.RunAsync(CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<ComplianceOptions>>().Value.SweepCron
        );
        return builder;
    }

    public static WebApplication MapAgreements(this WebApplication app)
    {
        app.MapAgreementsApi();
        return app;
    }
}
