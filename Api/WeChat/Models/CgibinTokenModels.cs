using System.Text.Json.Serialization;

namespace Mediation.Api.WeChat;

/// <summary><c>POST /cgi-bin/stable_token</c>; appid and secret come from <see cref="WeChatOptions"/>.</summary>
public sealed class CgibinStableTokenRequest
{
    /// <summary>Invalidates the current token; WeChat allows 20 per day, 30 s apart.</summary>
    public bool ForceRefresh { get; init; }
}

public sealed class CgibinTokenResponse : WeChatApiResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }

    public override bool IsSuccessful() => base.IsSuccessful() && !string.IsNullOrEmpty(AccessToken);
}
