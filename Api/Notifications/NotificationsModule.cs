using Hangfire;
using Mediation.Api.Infrastructure.Jobs;
using Mediation.Api.Notifications.Channels;
using Mediation.Api.WeChat;

namespace Mediation.Api.Notifications;

/// <summary>Notifications: the outbox, the in-app inbox, WeChat subscription messages and SMS, preferences and
/// consent.</summary>
public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<IWeChatPushSink, ConsentPushSink>();
        services
            .AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.Section)
            .Validate(
                o =>
                    o.MaxAttempts is >= 1 and <= 50
                    && o.RetryBaseDelay > TimeSpan.Zero
                    && o.MaxRetryDelay >= o.RetryBaseDelay,
                "Notifications: MaxAttempts 1–50, RetryBaseDelay positive, MaxRetryDelay ≥ RetryBaseDelay."
            )
            .Validate(
                o => o.DeliveryParallelism is >= 1 and <= 256,
                "Notifications:DeliveryParallelism must be between 1 and 256."
            )
            .Validate(
                o => o.EffectiveChannelOrder.All(c => c is ChannelNames.WeChat or ChannelNames.Sms),
                "Notifications:ChannelOrder may name WeChat and Sms."
            )
            .ValidateOnStart();
        services
            .AddOptions<SmsOptions>()
            .BindConfiguration(SmsOptions.Section)
            .Validate(
                o =>
                    o.Url.Length == 0
                    || (
                        Uri.TryCreate(o.Url, UriKind.Absolute, out var u)
                        && u.Scheme is "https" or "http"
                        && o.Secret.Length > 0
                    ),
                "Sms:Url must be an absolute http(s) URL, with Sms:Secret set."
            )
            .ValidateOnStart();
        services
            .AddHttpClient<SmsGateway>(
                (sp, http) =>
                    http.Timeout = TimeSpan.FromSeconds(
                        sp.GetRequiredService<IOptions<SmsOptions>>().Value.TimeoutSeconds
                    )
            )
            .RemoveAllLoggers(); // request logs would carry phone numbers in URLs of some gateways
        services.AddHttpClient<WeComRobot>(http => http.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers(); // the webhook key is in the URL
        services.AddScoped<PhoneBook>();
        services.AddScoped<Notifier>();
        services.AddScoped<OutboxDeliveryJob>();
        services.AddSingleton<OutboxMetrics>();
        services.AddRecurringJob<OutboxDeliveryJob>(
            OutboxDeliveryJob.SweepId,
            job => job.DeliverDueAsync(CancellationToken.None),
            Cron.Minutely()
        );
        return builder;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        app.Services.GetRequiredService<OutboxMetrics>(); // the gauge exists before the first collection
        app.MapSubscriptionsApi();
        app.MapNotificationsApi();
        app.MapNotificationPreferences();
        return app;
    }
}
