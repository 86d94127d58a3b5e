using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mediation.Api.Notifications.Channels;

/// <summary>
/// A WeCom (企业微信) group robot: POST {"msgtype":"text","text":{"content":...}} to the body's webhook URL
/// (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...). Text is at most 2048 bytes of UTF-8; a robot takes
/// 20 messages a minute (45009 beyond). Errors come back as HTTP 200 with errcode, like WeChat's.
/// </summary>
public sealed class WeComRobot(HttpClient http, ILogger<WeComRobot> logger)
{
    public const int MaxContentBytes = 2048;

    public async Task<ChannelResult> SendTextAsync(
        string webhookUrl,
        string content,
        IReadOnlyList<string>? mentionedMobiles,
        CancellationToken ct
    )
    {
        if (!Uri.TryCreate(webhookUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            return ChannelResult.Permanent("invalid webhook URL");
        var text = new JsonObject { ["content"] = FitBytes(content, MaxContentBytes) };
        if (mentionedMobiles is { Count: > 0 })
            text["mentioned_mobile_list"] = new JsonArray([.. mentionedMobiles.Select(m => JsonValue.Create(m))]);
        var body = new JsonObject { ["msgtype"] = "text", ["text"] = text }.ToJsonString(
            new JsonSerializerOptions
            {
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }
        );
        try
        {
            using var response = await http.PostAsync(
                url,
                new StringContent(body, Encoding.UTF8, "application/json"),
                ct
            );
            if (!response.IsSuccessStatusCode)
                return ChannelResult.Transient($"HTTP {(int)response.StatusCode}");
            var answer = JsonNode.Parse(await response.Content.ReadAsByteArrayAsync(ct)) as JsonObject;
            var errcode = answer?["errcode"]?.GetValue<int>() ?? 0;
            if (errcode == 0)
                return ChannelResult.Delivered;
            logger.LogWarning(
                "WeCom robot answered {Errcode}: {Errmsg}",
                errcode,
                answer?["errmsg"]?.GetValue<string>()
            );
            // -1 busy and 45009 frequency limit pass; anything else (93000 bad key, 40008 bad type, 44004 empty) won't.
            return errcode is -1 or 45009
                ? ChannelResult.Transient($"errcode {errcode}")
                : ChannelResult.Permanent($"errcode {errcode}");
        }
        catch (Exception e)
            when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return ChannelResult.Transient(e.GetType().Name);
        }
    }

    /// <summary>Cuts at a character boundary so that the UTF-8 form fits, marking the cut with "…".</summary>
    public static string FitBytes(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
            return text;
        var budget = maxBytes - Encoding.UTF8.GetByteCount("…");
        var builder = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(builder.ToString()) + rune.Utf8SequenceLength > budget)
                break;
            builder.Append(rune.ToString());
        }
        return builder.Append('…').ToString();
    }
}
