using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace Mediation.Api.WeChat;

/// <summary>One pushed message, whatever its format (JSON or XML). Subscription results are read out of
/// <c>List</c>, which WeChat sends as an array or as a single object.</summary>
public sealed record WeChatPushEvent(
    string ToUserName,
    string FromUserName,
    long CreateTime,
    string MsgType,
    string? Event,
    IReadOnlyList<WeChatSubscriptionResult> Subscriptions,
    string Raw
)
{
    public const string SubscribePopup = "subscribe_msg_popup_event";
    public const string SubscribeChange = "subscribe_msg_change_event";

    /// <summary>WeChat re-sends a push it got no answer to within 5 s: this identifies the repeats.</summary>
    public string DedupeKey => $"{FromUserName}:{CreateTime}:{Event ?? MsgType}";

    public static WeChatPushEvent? Parse(string body)
    {
        var trimmed = body.TrimStart();
        try
        {
            return trimmed.StartsWith('<')
                ? FromXml(ParseXml(trimmed), body)
                : FromJson(JsonNode.Parse(trimmed) as JsonObject, body);
        }
        catch (Exception e)
            when (e is JsonException or System.Xml.XmlException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The <c>Encrypt</c> field of a safe-mode envelope, JSON or XML.</summary>
    public static string? EncryptedPart(string body)
    {
        var trimmed = body.TrimStart();
        try
        {
            return trimmed.StartsWith('<')
                ? ParseXml(trimmed).Element("Encrypt")?.Value
                : (JsonNode.Parse(trimmed) as JsonObject)?["Encrypt"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// WeChat never sends a document type. One in a push is an attack (entity expansion, external entities reading
    /// local files or reaching internal hosts), so the endpoint refuses it before parsing; the parser prohibits DTDs
    /// anyway.
    /// </summary>
    public static bool DeclaresDocumentType(string body) =>
        body.Contains("<!DOCTYPE", StringComparison.Ordinal) || body.Contains("<!ENTITY", StringComparison.Ordinal);

    private static readonly XmlReaderSettings SafeXml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
    };

    private static XElement ParseXml(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), SafeXml);
        return XElement.Load(reader);
    }

    private static WeChatPushEvent? FromJson(JsonObject? json, string raw)
    {
        if (json is null)
            return null;
        var list = json["List"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject single => [single],
            _ => [],
        };
        return new WeChatPushEvent(
            Text(json["ToUserName"]) ?? "",
            Text(json["FromUserName"]) ?? "",
            long.Parse(Text(json["CreateTime"]) ?? "0"),
            Text(json["MsgType"]) ?? "",
            Text(json["Event"]),
            list.Select(i => new WeChatSubscriptionResult(
                    Text(i["TemplateId"]) ?? "",
                    Text(i["SubscribeStatusString"]) ?? ""
                ))
                .ToList(),
            raw
        );
    }

    private static WeChatPushEvent FromXml(XElement xml, string raw)
    {
        // <SubscribeMsgPopupEvent><List>…</List></SubscribeMsgPopupEvent>, one List element per template.
        var items = xml.Elements()
            .Where(e => e.Name.LocalName.StartsWith("SubscribeMsg", StringComparison.Ordinal))
            .SelectMany(e => e.Elements("List"));
        return new WeChatPushEvent(
            xml.Element("ToUserName")?.Value ?? "",
            xml.Element("FromUserName")?.Value ?? "",
            long.Parse(xml.Element("CreateTime")?.Value ?? "0"),
            xml.Element("MsgType")?.Value ?? "",
            xml.Element("Event")?.Value,
            items
                .Select(i => new WeChatSubscriptionResult(
                    i.Element("TemplateId")?.Value ?? "",
                    i.Element("SubscribeStatusString")?.Value ?? ""
                ))
                .ToList(),
            raw
        );
    }

    // CreateTime and other values arrive as numbers or as strings.
    private static string? Text(JsonNode? node) =>
        node switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            JsonValue value => value.ToJsonString(),
            _ => node.ToJsonString(),
        };
}

/// <param name="Status"><c>accept</c>, <c>reject</c>, <c>ban</c> or <c>filter</c>.</param>
public sealed record WeChatSubscriptionResult(string TemplateId, string Status);

/// <summary>What the application does with a verified push; implemented by the feature that owns the data.</summary>
public interface IWeChatPushSink
{
    Task HandleAsync(WeChatPushEvent push, CancellationToken ct);
}
