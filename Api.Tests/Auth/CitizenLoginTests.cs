using Mediation.Api.Tests.Fakes;

namespace Mediation.Api.Tests.Auth;

/// <summary>Login through our WeChat client against the fake WeChat server, as the mini-program does it.</summary>
public abstract class CitizenLoginTests(ApiFactory api)
{
    private Task<HttpResponseMessage> LoginAsync(string code) =>
        api.CreateClient().PostAsJsonAsync("/api/auth/wechat", new { code });

    [Fact]
    public async Task ACitizenLogsInWithAWeChatCodeAndGetsOurToken()
    {
        var response = await LoginAsync(api.WeChat.IssueLoginCode("o_" + Guid.NewGuid()));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var login = await response.JsonAsync();
        login.GetProperty("token").GetString().Should().NotBeNullOrEmpty();
        login.GetProperty("expiresAt").GetDateTime().Should().BeAfter(DateTime.UtcNow.AddDays(6));
        login.GetProperty("user").GetProperty("kind").GetString().Should().Be("citizen");
        login.GetRawText().Should().NotContain("session_key").And.NotContain("sessionKey");
    }

    [Fact]
    public async Task TheSameOpenIdAlwaysLogsIntoTheSameAccount()
    {
        var openId = "o_" + Guid.NewGuid();
        var first = await (await LoginAsync(api.WeChat.IssueLoginCode(openId))).JsonAsync();
        var second = await (await LoginAsync(api.WeChat.IssueLoginCode(openId))).JsonAsync();

        second
            .GetProperty("user")
            .GetProperty("id")
            .GetString()
            .Should()
            .Be(first.GetProperty("user").GetProperty("id").GetString());
    }

    [Fact]
    public async Task AReusedCodeIsRefusedAskingTheCitizenToLogInAgain()
    {
        var code = api.WeChat.IssueLoginCode("o_" + Guid.NewGuid());
        (await LoginAsync(code)).StatusCode.Should().Be(HttpStatusCode.OK);

        var again = await LoginAsync(code);

        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        again.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await again.JsonAsync();
        problem.GetProperty("title").GetString().Should().Be("登录凭证无效或已使用，请重新登录");
        problem.GetProperty("wechatErrcode").GetInt32().Should().Be(40163);
    }

    [Fact]
    public async Task AnUnknownCodeIsRefused()
    {
        var response = await LoginAsync("not-a-code-wechat-issued");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("wechatErrcode").GetInt32().Should().Be(40029);
    }

    [Fact]
    public async Task WeChatsMinuteQuotaAnswers429()
    {
        var code = api.WeChat.IssueLoginCode("o_" + Guid.NewGuid());
        api.WeChat.FailNextCalls(FakeWeChatServer.LoginPath, 45011);

        var response = await LoginAsync(code);

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await response.JsonAsync()).GetProperty("title").GetString().Should().Contain("频繁");
    }

    [Fact]
    public async Task WeChatBusyOnceIsRetriedAndTheLoginSucceeds()
    {
        var code = api.WeChat.IssueLoginCode("o_" + Guid.NewGuid());
        api.WeChat.FailNextCalls(FakeWeChatServer.LoginPath, -1);

        (await LoginAsync(code)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WeChatBusyTwiceAnswers503()
    {
        var code = api.WeChat.IssueLoginCode("o_" + Guid.NewGuid());
        api.WeChat.FailNextCalls(FakeWeChatServer.LoginPath, -1, times: 2);

        var response = await LoginAsync(code);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.JsonAsync()).GetProperty("title").GetString().Should().Be("微信服务暂时不可用，请稍后再试");
    }

    [Fact]
    public async Task AnEmptyCodeIsAValidationError()
    {
        var response = await LoginAsync("");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync())
            .GetProperty("errors")
            .GetProperty("code")[0]
            .GetString()
            .Should()
            .Be("缺少登录凭证 code");
    }

    [Fact]
    public async Task BindingAPhoneUsesAStableTokenAndRefreshesItOnceWhenWeChatSaysItExpired()
    {
        var citizen = await api.CitizenAsync("o_" + Guid.NewGuid());
        (
            await citizen.PostAsJsonAsync("/api/me/phone", new { code = api.WeChat.IssuePhoneCode("13812345678") })
        ).EnsureSuccessStatusCode();
        var tokensBefore = api.WeChat.StableTokenCalls;
        api.WeChat.ExpireAccessTokens();

        var response = await citizen.PostAsJsonAsync(
            "/api/me/phone",
            new { code = api.WeChat.IssuePhoneCode("13812345679") }
        );

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        api.WeChat.StableTokenCalls.Should().Be(tokensBefore + 1);
        api.WeChat.LegacyTokenCalls.Should().Be(0);
        var me = await citizen.GetFromJsonAsync<JsonElement>("/api/me");
        me.GetProperty("phone").GetString().Should().Be("138****5679");
    }

    [Fact]
    public async Task AnInvalidPhoneCodeIsRefusedInChinese()
    {
        var citizen = await api.CitizenAsync("o_" + Guid.NewGuid());

        var response = await citizen.PostAsJsonAsync("/api/me/phone", new { code = "forged" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("title").GetString().Should().Be("手机号授权凭证无效或已使用");
    }
}

public sealed class CitizenLoginTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : CitizenLoginTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class CitizenLoginTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : CitizenLoginTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
