namespace Mediation.Api.WeChat;

/// <summary>Configuration section "WeChat".</summary>
public sealed class WeChatOptions
{
    public const string SectionName = "WeChat";

    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    public string BaseUrl { get; set; } = "https://api.weixin.qq.com";

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Message-push token; reserved for the push endpoint.</summary>
    public string PushToken { get; set; } = "";

    /// <summary>Message-push EncodingAESKey; reserved for the push endpoint.</summary>
    public string EncodingAESKey { get; set; } = "";

    /// <summary>
    /// BaseUrl with a trailing slash, so relative endpoint paths keep any path prefix
    /// (a proxy such as "https://gateway/wechat").
    /// </summary>
    public Uri BaseUri => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);
}
