using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Mediation.Api.Tests.Fakes;

/// <summary>
/// Subscribe messages as WeChat treats them: a template has keywords of given types whose values must
/// fit the type's rules (47003 naming the field otherwise); each accepted one-time consent allows exactly
/// one message, and a send without one answers 43101.
/// </summary>
public sealed partial class FakeWeChatServer
{
    private readonly Dictionary<string, Dictionary<string, string>> _templates = [];
    private readonly Dictionary<(string OpenId, string TemplateId), int> _consents = [];
    private readonly List<SentMessage> _sent = [];

    public sealed record SentMessage(
        string OpenId,
        string TemplateId,
        string? Page,
        IReadOnlyDictionary<string, string> Data,
        long MsgId
    );

    /// <summary>Declares a template, e.g. ("tmpl-1", {"thing1": "thing", "time2": "time"}).</summary>
    public void RegisterTemplate(string templateId, Dictionary<string, string> keywordTypes)
    {
        lock (_gate)
            _templates[templateId] = keywordTypes;
    }

    /// <summary>What wx.requestSubscribeMessage's "accept" gives: one more message of that template.</summary>
    public void GrantSubscription(string openId, string templateId, int count = 1)
    {
        lock (_gate)
            _consents[(openId, templateId)] = _consents.GetValueOrDefault((openId, templateId)) + count;
    }

    public IReadOnlyList<SentMessage> SentMessages
    {
        get
        {
            lock (_gate)
                return [.. _sent];
        }
    }

    private JsonObject SubscribeSend(HttpRequest request, string body)
    {
        if (!HttpMethods.IsPost(request.Method))
            return Error(43002, "require POST method");
        if (CheckAccessToken(request) is { } tokenError)
            return tokenError;
        if (string.IsNullOrWhiteSpace(body))
            return Error(44002, "empty post data");

        JsonObject message;
        try
        {
            message = JsonNode.Parse(body) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return Error(47001, "data format error");
        }

        var openId = message["touser"]?.GetValue<string>();
        var templateId = message["template_id"]?.GetValue<string>();
        if (string.IsNullOrEmpty(openId))
            return Error(40003, "invalid openid");
        if (templateId is null || !_templates.TryGetValue(templateId, out var keywords))
            return Error(40037, "invalid template_id");

        var data = new Dictionary<string, string>();
        foreach (var (keyword, type) in keywords)
        {
            var value = (message["data"] as JsonObject)?[keyword]?["value"]?.GetValue<string>();
            if (string.IsNullOrEmpty(value))
                return Error(47003, $"argument invalid! data.{keyword}.value is empty");
            if (!Fits(type, value))
                return Error(47003, $"argument invalid! data.{keyword}.value invalid");
            data[keyword] = value;
        }

        if (_consents.GetValueOrDefault((openId, templateId)) <= 0)
            return Error(43101, "user refuse to accept the msg");
        _consents[(openId, templateId)]--;
        var msgId = 1988810812324364291L + _sent.Count;
        _sent.Add(new SentMessage(openId, templateId, message["page"]?.GetValue<string>(), data, msgId));
        return new JsonObject
        {
            ["errcode"] = 0,
            ["errmsg"] = "ok",
            ["msgid"] = msgId,
        };
    }

    // The keyword rules of shared/wechat-api.md §4, counting Unicode code points.
    private static bool Fits(string type, string value)
    {
        var length = value.EnumerateRunes().Count();
        return type switch
        {
            "thing" => length <= 20,
            "phrase" => length <= 5 && value.EnumerateRunes().All(r => r.Value is >= 0x4e00 and <= 0x9fff),
            "number" => length <= 32
                && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _),
            "character_string" => length <= 32,
            "name" => value.Any(c => c >= 0x4e00) ? length <= 10 : length <= 20,
            "phone_number" => length <= 17,
            "time" or "date" => DateTime.TryParse(
                value.Split('~')[0],
                CultureInfo.GetCultureInfo("zh-CN"),
                DateTimeStyles.None,
                out _
            ),
            _ => true,
        };
    }
}
