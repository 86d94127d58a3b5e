using System.Text;
using Mediation.Api.WeChat;

namespace Mediation.Api.Tests.WeChat;

/// <summary>The test plays WeChat: it signs (and in safe mode encrypts) pushes exactly as WeChat does.</summary>
public abstract class WeChatPushTests(ApiFactory api)
{
    private const string Template = "tmpl-session-reminder";

    private static string Query(string timestamp, string nonce) =>
        $"?signature={WeChatMessageCrypto.Signature(ApiFactory.PushToken, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}";

    private string Now =>
        api.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The test service runs in safe mode (an EncodingAESKey is configured), so WeChat encrypts every
    /// push.</summary>
    private Task<HttpResponseMessage> PushSafeJson(string json, string nonce = "486452656")
    {
        var timestamp = Now;
        var encrypted = WeChatMessageCrypto.Encrypt(ApiFactory.EncodingAesKey, ApiFactory.AppId, json);
        var signature = WeChatMessageCrypto.Signature(ApiFactory.PushToken, timestamp, nonce, encrypted);
        var envelope = JsonSerializer.Serialize(new { ToUserName = "gh_test", Encrypt = encrypted });
        return api.CreateClient()
            .PostAsync(
                $"/api/wechat/push{Query(timestamp, nonce)}&encrypt_type=aes&msg_signature={signature}",
                new StringContent(envelope, Encoding.UTF8, "application/json")
            );
    }

    private Task<HttpResponseMessage> PushSafeXml(string innerXml, string appId = ApiFactory.AppId)
    {
        string timestamp = Now,
            nonce = "12345";
        var encrypted = WeChatMessageCrypto.Encrypt(ApiFactory.EncodingAesKey, appId, innerXml);
        var signature = WeChatMessageCrypto.Signature(ApiFactory.PushToken, timestamp, nonce, encrypted);
        var envelope =
            $"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>";
        return api.CreateClient()
            .PostAsync(
                $"/api/wechat/push{Query(timestamp, nonce)}&encrypt_type=aes&msg_signature={signature}",
                new StringContent(envelope, Encoding.UTF8, "text/xml")
            );
    }

    private static string PopupJson(string openId, long createTime, string status, bool listAsObject = false)
    {
        var item = $"{{\"TemplateId\":\"{Template}\",\"SubscribeStatusString\":\"{status}\",\"PopupScene\":\"0\"}}";
        return $"{{\"ToUserName\":\"gh_test\",\"FromUserName\":\"{openId}\",\"CreateTime\":\"{createTime}\",\"MsgType\":\"event\","
            + $"\"Event\":\"subscribe_msg_popup_event\",\"List\":{(listAsObject ? item : "[" + item + "]")}}}";
    }

    private async Task<int> RemainingAsync(HttpClient citizen)
    {
        var subscriptions = await citizen.GetFromJsonAsync<JsonElement>("/api/me/subscriptions");
        return subscriptions
            .GetProperty("templates")
            .EnumerateArray()
            .Single(t => t.GetProperty("templateId").GetString() == Template)
            .GetProperty("remaining")
            .GetInt32();
    }

    [Fact]
    public async Task TheUrlCheckEchoesOnlyWhenTheSignatureIsRight()
    {
        var client = api.CreateClient();
        var good = await client.GetAsync(
            "/api/wechat/push" + Query("1714036504", "1514711492") + "&echostr=4375120948345356249"
        );
        var bad = await client.GetAsync(
            "/api/wechat/push?signature=0000&timestamp=1714036504&nonce=1514711492&echostr=4375120948345356249"
        );

        good.StatusCode.Should().Be(HttpStatusCode.OK);
        (await good.Content.ReadAsStringAsync()).Should().Be("4375120948345356249");
        good.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        bad.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        bad.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task AnAcceptPushedByWeChatAllowsOneMessageAndItsResendIsNotCountedTwice()
    {
        var openId = "o-push-" + Guid.NewGuid();
        var citizen = await api.CitizenAsync(openId);
        var body = PopupJson(openId, 1714037059, "accept");

        var first = await PushSafeJson(body);
        var resend = await PushSafeJson(body);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await first.Content.ReadAsStringAsync()).Should().Be("success");
        resend.StatusCode.Should().Be(HttpStatusCode.OK);
        (await RemainingAsync(citizen)).Should().Be(1);
    }

    [Fact]
    public async Task APushWithABadSignatureChangesNothing()
    {
        var openId = "o-forged-" + Guid.NewGuid();
        var citizen = await api.CitizenAsync(openId);

        var encrypted = WeChatMessageCrypto.Encrypt(
            ApiFactory.EncodingAesKey,
            ApiFactory.AppId,
            PopupJson(openId, 1714037059, "accept")
        );
        var response = await api.CreateClient()
            .PostAsync(
                $"/api/wechat/push{Query(Now, "2")}&encrypt_type=aes&msg_signature=deadbeef",
                new StringContent(
                    JsonSerializer.Serialize(new { ToUserName = "gh_test", Encrypt = encrypted }),
                    Encoding.UTF8,
                    "application/json"
                )
            );

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await RemainingAsync(citizen)).Should().Be(0);
    }

    [Fact]
    public async Task ASafeModeXmlPushIsDecryptedAndAppliedButOnlyForOurAppId()
    {
        var openId = "o-xml-" + Guid.NewGuid();
        var citizen = await api.CitizenAsync(openId);
        string Xml(long createTime) =>
            $"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName>"
            + $"<CreateTime>{createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event>"
            + $"<SubscribeMsgPopupEvent><List><TemplateId><![CDATA[{Template}]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString>"
            + "<PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>";

        var ours = await PushSafeXml(Xml(1714037100));
        var otherApp = await PushSafeXml(Xml(1714037200), appId: "wxanotherapp000000");

        ours.StatusCode.Should().Be(HttpStatusCode.OK);
        otherApp.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await RemainingAsync(citizen)).Should().Be(1);
    }

    [Fact]
    public async Task TheClientsReportAndWeChatsPushOfTheSameAcceptCountOnce()
    {
        var openId = "o-both-" + Guid.NewGuid();
        var citizen = await api.CitizenAsync(openId);

        (
            await citizen.PostAsJsonAsync(
                "/api/me/subscriptions",
                new { results = new Dictionary<string, string> { [Template] = "accept" } }
            )
        ).EnsureSuccessStatusCode();
        (await PushSafeJson(PopupJson(openId, 1714037300, "accept", listAsObject: true))).EnsureSuccessStatusCode();
        (await RemainingAsync(citizen)).Should().Be(1);

        api.Clock.Advance(TimeSpan.FromMinutes(30));
        (
            await citizen.PostAsJsonAsync(
                "/api/me/subscriptions",
                new { results = new Dictionary<string, string> { [Template] = "accept" } }
            )
        ).EnsureSuccessStatusCode();
        (await RemainingAsync(citizen)).Should().Be(2);
    }

    [Fact]
    public async Task SwitchingATemplateOffInWeChatSettingsLeavesNothingToSend()
    {
        var openId = "o-off-" + Guid.NewGuid();
        var citizen = await api.CitizenAsync(openId);
        (
            await citizen.PostAsJsonAsync(
                "/api/me/subscriptions",
                new { results = new Dictionary<string, string> { [Template] = "accept" } }
            )
        ).EnsureSuccessStatusCode();
        var change =
            $"{{\"ToUserName\":\"gh_test\",\"FromUserName\":\"{openId}\",\"CreateTime\":1714037400,\"MsgType\":\"event\","
            + $"\"Event\":\"subscribe_msg_change_event\",\"List\":[{{\"TemplateId\":\"{Template}\",\"SubscribeStatusString\":\"reject\"}}]}}";

        (await PushSafeJson(change)).EnsureSuccessStatusCode();

        (await RemainingAsync(citizen)).Should().Be(0);
    }

    [Fact]
    public async Task ReportingAnUnknownTemplateOrStatusIsAValidationError()
    {
        var citizen = await api.CitizenAsync("o-val-" + Guid.NewGuid());

        var response = await citizen.PostAsJsonAsync(
            "/api/me/subscriptions",
            new { results = new Dictionary<string, string> { ["tmpl-unknown"] = "accept", [Template] = "maybe" } }
        );

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.JsonAsync())
            .GetProperty("errors")
            .EnumerateObject()
            .SelectMany(p => p.Value.EnumerateArray().Select(m => m.GetString()))
            .ToList();
        errors.Should().Contain("未知的订阅消息模板").And.Contain("订阅结果只能是 accept、reject、ban 或 filter");
    }
}

public sealed class WeChatPushTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : WeChatPushTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class WeChatPushTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : WeChatPushTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
