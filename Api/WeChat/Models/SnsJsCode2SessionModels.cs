using System.Text.Json.Serialization;

namespace Mediation.Api.WeChat;

/// <summary><c>GET /sns/jscode2session</c>; appid and secret come from <see cref="WeChatOptions"/>.</summary>
public sealed class SnsJsCode2SessionRequest
{
    public required string JsCode { get; init; }

    public string GrantType { get; init; } = "authorization_code";
}

public sealed class SnsJsCode2SessionResponse : WeChatApiResponse
{
    [JsonPropertyName("openid")]
    public string? OpenId { get; set; }

    [JsonPropertyName("unionid")]
    public string? UnionId { get; set; }

    /// <summary>Server-side secret of the login session: never log it or send it to the front end.</summary>
    [JsonPropertyName("session_key")]
    public string? SessionKey { get; set; }

    public override bool IsSuccessful() => base.IsSuccessful() && !string.IsNullOrEmpty(OpenId);
}
