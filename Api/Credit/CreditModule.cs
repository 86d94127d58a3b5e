using Hangfire;
using Mediation.Api.Agreements;
using Mediation.Api.Infrastructure.Events;
using Mediation.Api.Infrastructure.Jobs;

namespace Mediation.Api.Credit;

/// <summary>Credit (信用): the escalation 提示 → 警示 → 公示 → 惩戒 with due process, and the push to the credit
/// centre.</summary>
public static class CreditModule
{
    public static WebApplicationBuilder AddCredit(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddOptions<CreditOptions>()
            .BindConfiguration(CreditOptions.Section)
            .Validate(
                o =>
                    o.WarningGrace >= TimeSpan.Zero
                    && o.ObjectionWindow > TimeSpan.Zero
                    && o.PublicationGrace >= TimeSpan.Zero,
                "Credit: graces ≥ 0 and an objection window > 0 (due process needs one)."
            )
            .ValidateOnStart();
        builder
            .Services.AddOptions<CreditCentreOptions>()
            .BindConfiguration(CreditCentreOptions.Section)
            .Validate(
                o => string.IsNullOrWhiteSpace(o.Endpoint) || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _),
                "CreditCentre:Endpoint must be an absolute URL."
            )
            .Validate(o => o.IsValid, "CreditCentre: MaxAttempts ≥ 1, FirstRetryDelay > 0.")
            .ValidateOnStart();
        builder.Services.AddTransient<CreditCentreClient>();
        builder.Services.AddScoped<CreditSteps>();
        builder.Services.AddScoped<AgreementCreditHandlers>();
        builder.Services.AddScoped<IHandles<ObligationFulfilled>>(sp =>
            sp.GetRequiredService<AgreementCreditHandlers>()
        );
        builder.Services.AddScoped<IHandles<EnforcementApplied>>(sp =>
            sp.GetRequiredService<AgreementCreditHandlers>()
        );
        builder.Services.AddScoped<CreditServices>();
        builder.Services.AddScoped<CreditEscalationJob>();
        builder.Services.AddScoped<CreditPushJob>();
        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(CreditApi.SupervisorPolicy, p =>
                p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(StaffRoles.Supervisor, StaffRoles.Admin)
            );
        builder.Services.AddRecurringJob<CreditEscalationJob>(
            CreditEscalationJob.RecurringId,
            job => job.RunAsync(CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<CreditOptions>>().Value.EscalationCron
        );
        builder.Services.AddRecurringJob<CreditPushJob>(
            CreditPushJob.SweepId,
            job => job.DeliverDueAsync(CancellationToken.None),
            Cron.Minutely()
        );
        return builder;
    }

    public static WebApplication MapCredit(this WebApplication app)
    {
        app.MapCreditApi();
        return app;
    }
}
