using System.Globalization;
using System.Text;
using Mediation.Api.WeChat;

namespace Mediation.Api.Tests.WeChat;

/// <summary>What a forged or replayed push must not achieve. The test plays WeChat (and the attacker).</summary>
public abstract class WeChatPushHardeningTests(ApiFactory api)
{
    protected const string Template = "tmpl-session-reminder";
    protected ApiFactory Api => api;

    protected string Timestamp(TimeSpan offset = default) =>
        (api.Clock.GetUtcNow() + offset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    protected static string PlainQuery(string timestamp, string nonce = "486452656") =>
        $"?signature={WeChatMessageCrypto.Signature(ApiFactory.PushToken, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}";

    protected Task<HttpResponseMessage> PushPlain(
        string body,
        string timestamp,
        string mediaType = "application/json"
    ) =>
        api.CreateClient()
            .PostAsync("/api/wechat/push" + PlainQuery(timestamp), new StringContent(body, Encoding.UTF8, mediaType));

    protected Task<HttpResponseMessage> PushEncrypted(string message, string timestamp, string? signedEncrypt = null)
    {
        const string nonce = "12345";
        var encrypted = WeChatMessageCrypto.Encrypt(ApiFactory.EncodingAesKey, ApiFactory.AppId, message);
        var signature = WeChatMessageCrypto.Signature(
            ApiFactory.PushToken,
            timestamp,
            nonce,
            signedEncrypt ?? encrypted
        );
        var envelope =
            $"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>";
        return api.CreateClient()
            .PostAsync(
                $"/api/wechat/push{PlainQuery(timestamp, nonce)}&encrypt_type=aes&msg_signature={signature}",
                new StringContent(envelope, Encoding.UTF8, "text/xml")
            );
    }

    protected static string PopupJson(string openId) =>
        $"{{\"ToUserName\":\"gh_test\",\"FromUserName\":\"{openId}\",\"CreateTime\":1714037059,\"MsgType\":\"event\","
        + $"\"Event\":\"subscribe_msg_popup_event\",\"List\":[{{\"TemplateId\":\"{Template}\",\"SubscribeStatusString\":\"accept\",\"PopupScene\":\"0\"}}]}}";

    /// <summary>An accept whose template id is only reachable by expanding an internal entity declared in a
    /// DTD.</summary>
    protected static string PopupXmlWithEntity(string openId) =>
        $"<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY t \"{Template}\">]><xml><ToUserName>gh_test</ToUserName><FromUserName>{openId}</FromUserName>"
        + "<CreateTime>1714037100</CreateTime><MsgType>event</MsgType><Event>subscribe_msg_popup_event</Event>"
        + "<SubscribeMsgPopupEvent><List><TemplateId>&t;</TemplateId><SubscribeStatusString>accept</SubscribeStatusString>"
        + "<PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>";

    protected async Task<int> RemainingAsync(HttpClient citizen)
    {
        var subscriptions = await citizen.GetFromJsonAsync<JsonElement>("/api/me/subscriptions");
        return subscriptions
            .GetProperty("templates")
            .EnumerateArray()
            .Single(t => t.GetProperty("templateId").GetString() == Template)
            .GetProperty("remaining")
            .GetInt32();
    }

    protected static async Task ShouldBeRefusedAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}

/// <summary>The shipped test configuration: PushToken and EncodingAESKey set, i.e. WeChat's safe mode.</summary>
public abstract class WeChatSafeModePushTests(ApiFactory api) : WeChatPushHardeningTests(api)
{
    [Fact]
    public async Task InSafeModeACorrectlySignedPlaintextPushIsRefused()
    {
        var openId = "o-plain-" + Guid.NewGuid();
        var citizen = await Api.CitizenAsync(openId);

        await ShouldBeRefusedAsync(await PushPlain(PopupJson(openId), Timestamp()), HttpStatusCode.Unauthorized);
        // msg_signature must cover the Encrypt that was sent, not some other one.
        await ShouldBeRefusedAsync(
            await PushEncrypted(PopupJson(openId), Timestamp(), signedEncrypt: "c29tZXRoaW5nIGVsc2U="),
            HttpStatusCode.Unauthorized
        );

        (await RemainingAsync(citizen)).Should().Be(0);
    }

    [Fact]
    public async Task APushTimestampedMoreThanFiveMinutesAwayFromOurClockIsRefused()
    {
        var openId = "o-stale-" + Guid.NewGuid();
        var citizen = await Api.CitizenAsync(openId);

        await ShouldBeRefusedAsync(
            await PushEncrypted(PopupJson(openId), Timestamp(TimeSpan.FromMinutes(-6))),
            HttpStatusCode.Unauthorized
        );
        await ShouldBeRefusedAsync(
            await PushEncrypted(PopupJson(openId), Timestamp(TimeSpan.FromMinutes(6))),
            HttpStatusCode.Unauthorized
        );
        await ShouldBeRefusedAsync(await PushEncrypted(PopupJson(openId), "not-a-number"), HttpStatusCode.Unauthorized);
        (await RemainingAsync(citizen)).Should().Be(0);

        (await PushEncrypted(PopupJson(openId), Timestamp(TimeSpan.FromMinutes(-4))))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        (await RemainingAsync(citizen)).Should().Be(1);
    }

    [Fact]
    public async Task AnEncryptedXmlMessageDeclaringADocumentTypeIsRefusedUnexpanded()
    {
        var openId = "o-dtd-" + Guid.NewGuid();
        var citizen = await Api.CitizenAsync(openId);

        await ShouldBeRefusedAsync(
            await PushEncrypted(PopupXmlWithEntity(openId), Timestamp()),
            HttpStatusCode.BadRequest
        );

        (await RemainingAsync(citizen)).Should().Be(0);
    }
}

/// <summary>Plaintext mode: a PushToken and no EncodingAESKey.</summary>
public abstract class WeChatPlaintextModePushTests(ApiFactory api) : WeChatPushHardeningTests(api)
{
    [Fact]
    public async Task InPlaintextModeOnlyAFreshSignedPushIsApplied()
    {
        var openId = "o-fresh-" + Guid.NewGuid();
        var citizen = await Api.CitizenAsync(openId);

        await ShouldBeRefusedAsync(
            await PushPlain(PopupJson(openId), Timestamp(TimeSpan.FromMinutes(-10))),
            HttpStatusCode.Unauthorized
        );
        (await RemainingAsync(citizen)).Should().Be(0);

        var fresh = await PushPlain(PopupJson(openId), Timestamp());
        fresh.StatusCode.Should().Be(HttpStatusCode.OK);
        (await fresh.Content.ReadAsStringAsync()).Should().Be("success");
        (await RemainingAsync(citizen)).Should().Be(1);
    }

    [Fact]
    public async Task APlaintextXmlPushDeclaringADocumentTypeIsRefusedUnexpanded()
    {
        var openId = "o-xxe-" + Guid.NewGuid();
        var citizen = await Api.CitizenAsync(openId);

        await ShouldBeRefusedAsync(
            await PushPlain(PopupXmlWithEntity(openId), Timestamp(), "text/xml"),
            HttpStatusCode.BadRequest
        );
        var external =
            $"<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><FromUserName>{openId}</FromUserName><Event>&x;</Event></xml>";
        await ShouldBeRefusedAsync(await PushPlain(external, Timestamp(), "text/xml"), HttpStatusCode.BadRequest);

        (await RemainingAsync(citizen)).Should().Be(0);
    }
}

public sealed class WeChatSafeModePushTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : WeChatSafeModePushTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class WeChatSafeModePushTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : WeChatSafeModePushTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;

public sealed class WeChatPlaintextModePushTestsOnSqlite(PlaintextModeApi<SqliteDatabase> api)
    : WeChatPlaintextModePushTests(api),
        IClassFixture<PlaintextModeApi<SqliteDatabase>>;

public sealed class WeChatPlaintextModePushTestsOnPostgres(PlaintextModeApi<PostgresDatabase> api)
    : WeChatPlaintextModePushTests(api),
        IClassFixture<PlaintextModeApi<PostgresDatabase>>;

/// <summary>The service with no EncodingAESKey: WeChat pushes arrive in plaintext mode.</summary>
public sealed class PlaintextModeApi<TDatabase>() : ApiFactory(new TDatabase())
    where TDatabase : ITestDatabase, new()
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("WeChat:EncodingAESKey", "")];
}
