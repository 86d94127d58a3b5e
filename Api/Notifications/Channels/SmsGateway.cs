using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mediation.Api.Notifications.Channels;

/// <summary>
/// Configuration section "Sms": a provider-neutral HTTP SMS gateway. The body is <see cref="BodyTemplate"/> with
/// <c>{phone}</c>, <c>{content}</c>, <c>{signName}</c>, <c>{requestId}</c> and <c>{timestamp}</c> replaced by
/// JSON-escaped values; the request is signed with HMAC-SHA256 over <c>timestamp + "\n" + body</c>.
/// </summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>Empty: SMS is off and messages fall through to the next channel.</summary>
    public string Url { get; set; } = "";
    public string Secret { get; set; } = "";
    public string SignName { get; set; } = "信易调";
    public string BodyTemplate { get; set; } =
        """{"phone":"{phone}","sign":"{signName}","content":"{content}","requestId":"{requestId}"}""";
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Longest message sent; longer texts are cut (carriers bill per 67-character segment).</summary>
    public int MaxLength { get; set; } = 300;

    /// <summary>Added to every SMS to a party who has no account yet: how to reach the case. A respondent reaches it
    /// the way the service already links respondents, by logging in and binding the phone number the case names (WeChat
    /// verifies it), so the message carries the case number and the number's last digits, and no secret. {caseNumber}
    /// and {phoneTail} are replaced.</summary>
    public string PartyClaimHint { get; set; } =
        "查看案件：在微信中搜索小程序「信易调」，登录并绑定本手机号（尾号{phoneTail}）即可查看案件 {caseNumber}。";
}

public sealed class SmsGateway(
    HttpClient http,
    IOptions<SmsOptions> options,
    TimeProvider clock,
    ILogger<SmsGateway> logger
)
{
    public const string SignatureHeader = "X-Signature";
    public const string TimestampHeader = "X-Timestamp";

    public bool Enabled => options.Value.Url.Length > 0;

    /// <summary>The text for a party without an account: the hint comes first after the title so that cutting a long
    /// body cannot drop it.</summary>
    public string ForPartyWithoutAccount(string title, string body, string caseNumber, string phone)
    {
        var hint = options
            .Value.PartyClaimHint.Replace("{caseNumber}", caseNumber)
            .Replace("{phoneTail}", phone.Length >= 4 ? phone[^4..] : phone);
        return $"【{title}】{hint}{body}";
    }

    /// <param name="requestId">Stays the same across retries of one message, so the gateway can drop duplicates.</param>
    public async Task<ChannelResult> SendAsync(string phone, string content, string requestId, CancellationToken ct)
    {
        var o = options.Value;
        if (!Enabled)
            return ChannelResult.Permanent("SMS gateway not configured");
        var text = content.Length > o.MaxLength ? content[..(o.MaxLength - 1)] + "…" : content;
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        var body = o
            .BodyTemplate.Replace("{phone}", Escape(phone))
            .Replace("{content}", Escape(text))
            .Replace("{signName}", Escape(o.SignName))
            .Replace("{requestId}", Escape(requestId))
            .Replace("{timestamp}", timestamp);

        using var request = new HttpRequestMessage(HttpMethod.Post, o.Url)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Sign(o.Secret, timestamp, body));
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
                return ChannelResult.Delivered;
            var detail = $"HTTP {(int)response.StatusCode}";
            logger.LogWarning("SMS gateway refused a message: {Status}", detail);
            return
                response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                || (int)response.StatusCode >= 500
                ? ChannelResult.Transient(detail)
                : ChannelResult.Permanent(detail);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("SMS gateway unreachable: {Message}", e.Message);
            return ChannelResult.Transient("gateway unreachable");
        }
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + body))
        );

    private static string Escape(string value) =>
        JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}
