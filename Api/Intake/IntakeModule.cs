using Hangfire;
using Mediation.Api.Infrastructure.Jobs;

namespace Mediation.Api.Intake;

/// <summary>Intake (受理): the queue, claims, acceptance or refusal within the legal period, corrections and
/// assignment.</summary>
public static class IntakeModule
{
    public static WebApplicationBuilder AddIntake(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddOptions<IntakeOptions>()
            .BindConfiguration(IntakeOptions.Section)
            .ValidateDataAnnotations()
            .Validate(
                o =>
                    o.AcceptWithin > TimeSpan.Zero
                    && o.ClaimTimeout > TimeSpan.Zero
                    && o.CorrectionPeriod > TimeSpan.Zero
                    && o.MaxCorrectionPeriod >= o.CorrectionPeriod,
                "Intake periods must be positive, MaxCorrectionPeriod ≥ CorrectionPeriod."
            )
            .ValidateOnStart();
        builder.Services.AddScoped<CorrectionDeadlineJob>();
        builder.Services.AddScoped<IntakeOverdueAlertJob>();
        builder.Services.AddScoped<ReferralDeadlineJob>();
        builder.Services.AddSingleton<Disputes.ITimelineContributor, Participation.Timeline>();
        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(IntakeApi.Policy, p =>
                p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(StaffRoles.Intake, StaffRoles.Supervisor)
            );
        builder.Services.AddRecurringJob<IntakeOverdueAlertJob>(
            IntakeOverdueAlertJob.RecurringId,
            job => job.RunAsync(CancellationToken.None),
            Cron.Hourly()
        );
        builder.Services.AddRecurringJob<ReferralDeadlineJob>(
            ReferralDeadlineJob.RecurringId,
            job => job.RunAsync(CancellationToken.None),
            "0 8 * * *", // 08:00 China time, when the supervisor starts the day
            ChinaTime.Zone
        );
        return builder;
    }

    public static WebApplication MapIntake(this WebApplication app)
    {
        app.MapIntakeApi();
        app.MapCaseRegistration();
        app.MapCitizenCaseActions();
        app.MapParticipation();
        return app;
    }
}
