using Mediation.Api.Tests.Fakes;
using Mediation.Api.WeChat;

namespace Mediation.Api.Tests.WeChat;

public sealed class WeChatPhoneNumberTests : IAsyncLifetime
{
    private WeChatHarness _wechat = null!;

    public async Task InitializeAsync() => _wechat = await WeChatHarness.StartAsync();

    public async Task DisposeAsync() => await _wechat.DisposeAsync();

    private FakeWeChatServer Fake => _wechat.Fake;

    private Task<WeChatResult<WeChatPhone>> GetPhoneAsync(string phone = "13800138000") =>
        _wechat.Service.GetPhoneNumberAsync(Fake.IssuePhoneCode(phone), default);

    [Fact]
    public async Task PhoneCodeIsExchangedForThePhoneNumber()
    {
        var result = await GetPhoneAsync("13912345678");

        result.IsSuccess.Should().BeTrue();
        result.Value.Should().Be(new WeChatPhone("13912345678", "13912345678", "86"));
        Fake.StableTokenCalls.Should().Be(1);
        Fake.CallsTo(FakeWeChatServer.PhonePath).Should().Be(1);
    }

    [Fact]
    public async Task AccessTokenIsCachedAcrossCalls()
    {
        for (var i = 0; i < 3; i++)
        {
            (await GetPhoneAsync()).IsSuccess.Should().BeTrue();
        }

        Fake.StableTokenCalls.Should().Be(1);
        Fake.CallsTo(FakeWeChatServer.PhonePath).Should().Be(3);
    }

    [Fact]
    public async Task ConcurrentCallersShareOneTokenRequest()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => GetPhoneAsync()));

        results.Should().OnlyContain(r => r.IsSuccess);
        Fake.StableTokenCalls.Should().Be(1);
    }

    [Fact]
    public async Task AccessTokenIsRefreshedFiveMinutesBeforeItExpires()
    {
        (await GetPhoneAsync()).IsSuccess.Should().BeTrue();

        _wechat.Clock.Advance(TimeSpan.FromSeconds(7200 - 300 - 1));
        (await GetPhoneAsync()).IsSuccess.Should().BeTrue();
        Fake.StableTokenCalls.Should().Be(1);

        _wechat.Clock.Advance(TimeSpan.FromSeconds(2));
        (await GetPhoneAsync()).IsSuccess.Should().BeTrue();
        Fake.StableTokenCalls.Should().Be(2);
    }

    [Fact]
    public async Task ExpiredAccessTokenIsRefreshedOnceAndTheCallRetriedOnce()
    {
        (await GetPhoneAsync()).IsSuccess.Should().BeTrue();
        Fake.ExpireAccessTokens();

        var result = await GetPhoneAsync("13700000000");

        result.Value!.PurePhoneNumber.Should().Be("13700000000");
        Fake.StableTokenCalls.Should().Be(2);
        Fake.CallsTo(FakeWeChatServer.PhonePath).Should().Be(3);
    }

    [Fact]
    public async Task AccessTokenStillRejectedAfterOneRefreshIsReportedAsUnavailable()
    {
        Fake.FailNextCalls(FakeWeChatServer.PhonePath, 40001, times: 2);

        var result = await GetPhoneAsync();

        result.Failure.Should().Be(WeChatFailure.Unavailable);
        result.ErrorCode.Should().Be(40001);
        Fake.StableTokenCalls.Should().Be(2);
        Fake.CallsTo(FakeWeChatServer.PhonePath).Should().Be(2);
    }

    [Fact]
    public async Task LegacyTokenEndpointIsNeverCalled()
    {
        (await GetPhoneAsync()).IsSuccess.Should().BeTrue();
        Fake.ExpireAccessTokens();
        (await GetPhoneAsync()).IsSuccess.Should().BeTrue();
        _wechat.Clock.Advance(TimeSpan.FromHours(3));
        (await GetPhoneAsync()).IsSuccess.Should().BeTrue();

        Fake.StableTokenCalls.Should().Be(3);
        Fake.LegacyTokenCalls.Should().Be(0);
    }

    [Fact]
    public async Task SystemBusyOnceIsRetriedAndSucceedsWithExactlyTwoCalls()
    {
        Fake.FailNextCalls(FakeWeChatServer.PhonePath, -1);

        var result = await GetPhoneAsync();

        result.IsSuccess.Should().BeTrue();
        Fake.CallsTo(FakeWeChatServer.PhonePath).Should().Be(2);
        Fake.StableTokenCalls.Should().Be(1);
    }

    [Fact]
    public async Task SystemBusyTwiceIsReportedAsUnavailable()
    {
        Fake.FailNextCalls(FakeWeChatServer.PhonePath, -1, times: 2);

        var result = await GetPhoneAsync();

        result.Failure.Should().Be(WeChatFailure.Unavailable);
        Fake.CallsTo(FakeWeChatServer.PhonePath).Should().Be(2);
    }

    [Theory]
    [InlineData(45009, WeChatFailure.QuotaExhausted)]
    [InlineData(45011, WeChatFailure.RateLimited)]
    public async Task QuotaErrorsAreReportedWithoutRetry(int errcode, WeChatFailure expected)
    {
        Fake.FailNextCalls(FakeWeChatServer.PhonePath, errcode);

        var result = await GetPhoneAsync();

        result.Failure.Should().Be(expected);
        result.ErrorCode.Should().Be(errcode);
        Fake.CallsTo(FakeWeChatServer.PhonePath).Should().Be(1);
    }

    [Fact]
    public async Task ReusedPhoneCodeIsReportedAsInvalidCode()
    {
        var code = Fake.IssuePhoneCode("13800138000");
        (await _wechat.Service.GetPhoneNumberAsync(code, default)).IsSuccess.Should().BeTrue();

        var second = await _wechat.Service.GetPhoneNumberAsync(code, default);

        second.Failure.Should().Be(WeChatFailure.InvalidCode);
        second.ErrorCode.Should().Be(40029);
    }

    [Fact]
    public async Task LoginCodeIsNotAcceptedAsPhoneCode()
    {
        var result = await _wechat.Service.GetPhoneNumberAsync(Fake.IssueLoginCode("o-alice"), default);

        result.Failure.Should().Be(WeChatFailure.InvalidCode);
    }

    [Fact]
    public async Task WrongAppSecretIsReportedAsMisconfiguredWithoutCallingThePhoneApi()
    {
        await using var wrong = await WeChatHarness.StartAsync(appSecret: "not-the-secret");

        var result = await wrong.Service.GetPhoneNumberAsync(wrong.Fake.IssuePhoneCode("13800138000"), default);

        result.Failure.Should().Be(WeChatFailure.Misconfigured);
        result.ErrorCode.Should().Be(40001);
        wrong.Fake.CallsTo(FakeWeChatServer.PhonePath).Should().Be(0);
    }

    [Fact]
    public async Task TokenEndpointBusyOnceIsRetried()
    {
        Fake.FailNextCalls(FakeWeChatServer.StableTokenPath, -1);

        var result = await GetPhoneAsync();

        result.IsSuccess.Should().BeTrue();
        Fake.StableTokenCalls.Should().Be(2);
    }

    [Fact]
    public async Task ForcedRefreshRevokesTheOldToken()
    {
        var first = await _wechat.Tokens.GetAccessTokenAsync(default);

        var second = await _wechat.Tokens.ForceRefreshAsync(default);

        second.AccessToken.Should().NotBeNullOrEmpty().And.NotBe(first.AccessToken);
        var stale = await _wechat.Client.ExecuteWxaBusinessGetUserPhoneNumberAsync(
            new WxaBusinessGetUserPhoneNumberRequest
            {
                Code = Fake.IssuePhoneCode("13800138000"),
                AccessToken = first.AccessToken,
            },
            default
        );
        stale.ErrorCode.Should().Be(40001);
        (await GetPhoneAsync()).IsSuccess.Should().BeTrue();
        Fake.StableTokenCalls.Should().Be(2);
    }
}
