using Hangfire;
using Mediation.Api.Infrastructure.Jobs;

namespace Mediation.Api.Referrals;

/// <summary>Referrals (诉调、公调、检调、访调对接): the 调解结果告知函 of every referred case that ends, and its signed
/// push to the referrer's endpoint where one is configured.</summary>
public static class ReferralsModule
{
    public static WebApplicationBuilder AddReferrals(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddOptions<ReferralFeedbackOptions>()
            .BindConfiguration(ReferralFeedbackOptions.Section)
            .Validate(
                o => o.EndpointsValid,
                "ReferralFeedback:Endpoints: each needs a referral Source (PoliceReferral, CourtReferral, ...), an absolute http(s) Url and a Secret."
            )
            .Validate(o => o.IsValid, "ReferralFeedback: MaxAttempts ≥ 1, FirstRetryDelay > 0.")
            .ValidateOnStart();
        builder.Services.AddScoped<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor, ResultNotices>();
        builder.Services.AddScoped<ResultPushJob>();
        builder.Services.AddRecurringJob<ResultPushJob>(
            ResultPushJob.SweepId,
            job => job.DeliverDueAsync(CancellationToken.None),
            Cron.Minutely()
        );
        return builder;
    }

    public static WebApplication MapReferrals(this WebApplication app)
    {
        app.MapReferralsApi();
        return app;
    }
}
