using System.Text.Json.Serialization;

namespace Mediation.Api.WeChat;

/// <summary><c>POST /wxa/business/getuserphonenumber?access_token=…</c></summary>
public sealed class WxaBusinessGetUserPhoneNumberRequest : WeChatApiRequest
{
    /// <summary>The code from a <c>open-type="getPhoneNumber"</c> button, not the wx.login code.</summary>
    [JsonPropertyName("code")]
    public required string Code { get; init; }

    /// <summary>Optional; WeChat checks it against the code's binding.</summary>
    [JsonPropertyName("openid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OpenId { get; init; }
}

public sealed class WxaBusinessGetUserPhoneNumberResponse : WeChatApiResponse
{
    [JsonPropertyName("phone_info")]
    public PhoneInfo? Phone { get; set; }

    public override bool IsSuccessful() => base.IsSuccessful() && !string.IsNullOrEmpty(Phone?.PurePhoneNumber);

    public sealed class PhoneInfo
    {
        [JsonPropertyName("phoneNumber")]
        public string PhoneNumber { get; set; } = "";

        [JsonPropertyName("purePhoneNumber")]
        public string PurePhoneNumber { get; set; } = "";

        /// <summary>The doc's table says string, its sample shows a number: accept both.</summary>
        [JsonPropertyName("countryCode")]
        [JsonConverter(typeof(NumberOrStringConverter))]
        public string CountryCode { get; set; } = "";

        [JsonPropertyName("watermark")]
        public WatermarkInfo? Watermark { get; set; }
    }

    public sealed class WatermarkInfo
    {
        [JsonPropertyName("timestamp")]
        public long Timestamp { get; set; }

        [JsonPropertyName("appid")]
        public string? AppId { get; set; }
    }
}
