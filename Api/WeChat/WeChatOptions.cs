namespace Mediation.Api.WeChat;

/// <summary>Configuration section "WeChat".</summary>
public sealed class WeChatOptions
{
    public const string SectionName = "WeChat";

    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    public string BaseUrl { get; set; } = "https://api.weixin.qq.com";

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Message-push token (the push endpoint is off while it is empty).</summary>
    public string PushToken { get; set; } = "";

    /// <summary>Message-push EncodingAESKey (43 characters) for safe and compatible mode.</summary>
    public string EncodingAESKey { get; set; } = "";

    /// <summary>Subscribe-message templates by our name (SessionReminder, SessionChanged, CaseStatusChanged,
    /// ...).</summary>
    public Dictionary<string, WeChatTemplate> Templates { get; set; } = [];

    /// <summary>
    /// BaseUrl with a trailing slash, so relative endpoint paths keep any path prefix
    /// (a proxy such as "https://gateway/wechat").
    /// </summary>
    public Uri BaseUri => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);
}

/// <param name="Id">The template id from the mini-program's console.</param>
/// <param name="Page">The page the card opens, e.g. <c>pages/case/detail</c>.</param>
/// <param name="Fields">Our field name → the template's keyword, e.g. <c>title → thing1</c>, <c>startsAt → time2</c>.</param>
public sealed class WeChatTemplate
{
    public string Id { get; set; } = "";
    public string? Page { get; set; }
    public Dictionary<string, string> Fields { get; set; } = [];
}
