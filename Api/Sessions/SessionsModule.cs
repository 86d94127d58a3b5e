using Hangfire;
using Mediation.Api.Infrastructure.Events;
using Mediation.Api.Infrastructure.Jobs;
using Mediation.Api.Intake;

namespace Mediation.Api.Sessions;

/// <summary>Sessions (调解安排): scheduling, confirmation, reminders, the mediator's diary and calendar feed.</summary>
public static class SessionsModule
{
    public static WebApplicationBuilder AddSessions(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddOptions<SessionsOptions>()
            .BindConfiguration(SessionsOptions.Section)
            .Validate(
                o =>
                    o.Buffer >= TimeSpan.Zero
                    && o.EffectiveReminderOffsets.All(t => t > TimeSpan.Zero)
                    && o.MaxDurationMinutes >= 10,
                "Sessions: Buffer ≥ 0, ReminderOffsets positive, MaxDurationMinutes ≥ 10."
            )
            .Validate(
                o => o.JoinUrlTemplate.Contains("{sessionId}"),
                "Sessions:JoinUrlTemplate must contain {sessionId}."
            )
            .Validate(
                o => o.ReminderBatchSize is >= 1 and <= 1000 && o.ReminderWorkers is >= 1 and <= 16,
                "Sessions:ReminderBatchSize must be between 1 and 1000, Sessions:ReminderWorkers between 1 and 16."
            )
            .ValidateOnStart();
        builder.Services.AddScoped<SessionServices>();
        builder.Services.AddSingleton<Disputes.ITimelineContributor, SessionQueries.Timeline>();
        builder.Services.AddScoped<SessionReminderJob>();
        builder.Services.AddScoped<FirstSessionProposalJob>();
        builder.Services.AddEventHandler<MediatorsAssigned, FirstSessionOnAssignment>();
        builder.Services.AddScoped<
            Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor,
            SessionLifecycle
        >();
        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(SessionsApi.MediatorPolicy, p =>
                p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(StaffRoles.Mediator)
            );
        // The reminder dispatcher runs at each armed due time; this minutely run catches a wake-up that was lost.
        builder.Services.AddRecurringJob<SessionReminderJob>(
            SessionReminderJob.SweepId,
            job => job.RunDueAsync(CancellationToken.None),
            Cron.Minutely()
        );
        return builder;
    }

    public static WebApplication MapSessions(this WebApplication app)
    {
        app.MapSessionsApi();
        app.MapMediatorCasesApi();
        return app;
    }
}
