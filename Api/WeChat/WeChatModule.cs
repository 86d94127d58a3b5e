using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mediation.Api.WeChat;

public static class WeChatModule
{
    /// <summary>
    /// Registers <see cref="IWeChatService"/>: the real WeChat client, or, only in Development
    /// with an empty <c>WeChat:AppSecret</c>, <see cref="DevelopmentWeChatService"/>.
    /// </summary>
    public static WebApplicationBuilder AddWeChat(this WebApplicationBuilder builder)
    {
        var environment = builder.Environment;
        var services = builder.Services;

        services
            .AddOptions<WeChatOptions>()
            .BindConfiguration(WeChatOptions.SectionName)
            .Validate(
                o =>
                    UsesDevelopmentService(environment, o)
                    || (!string.IsNullOrWhiteSpace(o.AppId) && !string.IsNullOrWhiteSpace(o.AppSecret)),
                "WeChat:AppId and WeChat:AppSecret are required (only Development may leave AppSecret empty)."
            )
            .Validate(
                o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http",
                "WeChat:BaseUrl must be an absolute http(s) URL."
            )
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 120, "WeChat:TimeoutSeconds must be between 1 and 120.")
            .Validate(o => o.EncodingAESKey.Length is 0 or 43, "WeChat:EncodingAESKey must be 43 characters.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services
            .AddHttpClient<WeChatApiClient>(
                (sp, http) =>
                {
                    var options = sp.GetRequiredService<IOptions<WeChatOptions>>().Value;
                    http.BaseAddress = options.BaseUri;
                    http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
                }
            )
            // The default request logs would carry the secret or the access token from the query
            // string if URI redaction were ever switched off; WeChatLog logs what matters.
            .RemoveAllLoggers();

        // A singleton holding a typed client is safe since .NET 9: the factory's SocketsHttpHandler
        // recycles pooled connections (PooledConnectionLifetime), so DNS changes are picked up.
        services.AddSingleton<WeChatAccessTokenProvider>();

        var secret = builder.Configuration[$"{WeChatOptions.SectionName}:{nameof(WeChatOptions.AppSecret)}"];
        if (environment.IsDevelopment() && string.IsNullOrEmpty(secret))
        {
            services.AddSingleton<IWeChatService, DevelopmentWeChatService>();
        }
        else
        {
            services.AddTransient<IWeChatService, WeChatService>();
        }

        return builder;
    }

    private static bool UsesDevelopmentService(IHostEnvironment environment, WeChatOptions options) =>
        environment.IsDevelopment() && string.IsNullOrEmpty(options.AppSecret);

    public static WebApplication MapWeChat(this WebApplication app)
    {
        app.MapWeChatPushApi();
        return app;
    }
}
