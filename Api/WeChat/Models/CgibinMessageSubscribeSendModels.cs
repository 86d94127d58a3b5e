using System.Text.Json.Serialization;

namespace Mediation.Api.WeChat;

/// <summary><c>POST /cgi-bin/message/subscribe/send</c>: one subscribe message to one user (SKIT:
/// CgibinMessageSubscribeSendRequest).</summary>
public sealed class CgibinMessageSubscribeSendRequest : WeChatApiRequest
{
    [JsonPropertyName("touser")]
    public required string ToUserOpenId { get; set; }

    [JsonPropertyName("template_id")]
    public required string TemplateId { get; set; }

    [JsonPropertyName("page")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MiniProgramPagePath { get; set; }

    /// <summary><c>developer</c>, <c>trial</c> or <c>formal</c>.</summary>
    [JsonPropertyName("miniprogram_state")]
    public string MiniProgramState { get; set; } = "formal";

    [JsonPropertyName("lang")]
    public string Language { get; set; } = "zh_CN";

    [JsonPropertyName("data")]
    public required IDictionary<string, DataItem> Data { get; set; }

    public sealed record DataItem([property: JsonPropertyName("value")] string Value);
}

public sealed class CgibinMessageSubscribeSendResponse : WeChatApiResponse
{
    /// <summary>Observed on success but undocumented.</summary>
    [JsonPropertyName("msgid")]
    public long? MessageId { get; set; }
}
