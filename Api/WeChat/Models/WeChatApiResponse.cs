using System.Text.Json.Serialization;

namespace Mediation.Api.WeChat;

/// <summary>Base of every request that is authorised by an access token.</summary>
public abstract class WeChatApiRequest
{
    /// <summary>Sent as the <c>access_token</c> query parameter, never in the body.</summary>
    [JsonIgnore]
    public string? AccessToken { get; set; }
}

/// <summary>
/// Base of every response. WeChat reports errors as HTTP 200 with errcode/errmsg;
/// successful responses may omit errcode, which then reads as 0.
/// </summary>
public abstract class WeChatApiResponse
{
    [JsonPropertyName("errcode")]
    public int ErrorCode { get; set; }

    [JsonPropertyName("errmsg")]
    public string? ErrorMessage { get; set; }

    public virtual bool IsSuccessful() => ErrorCode == 0;
}
