using System.Net.Sockets;
using Mediation.Api.Tests.Fakes;
using Mediation.Api.WeChat;
using Microsoft.Extensions.Logging;

namespace Mediation.Api.Tests.WeChat;

public sealed class WeChatLoginTests : IAsyncLifetime
{
    private WeChatHarness _wechat = null!;

    public async Task InitializeAsync() => _wechat = await WeChatHarness.StartAsync();

    public async Task DisposeAsync() => await _wechat.DisposeAsync();

    [Fact]
    public async Task LoginCodeIsExchangedForOpenIdAndUnionId()
    {
        var code = _wechat.Fake.IssueLoginCode("o-alice", "u-alice");

        var result = await _wechat.Service.CodeToSessionAsync(code, default);

        result.IsSuccess.Should().BeTrue();
        result.Value.Should().Be(new WeChatSession("o-alice", "u-alice"));
        result.ErrorCode.Should().Be(0);
    }

    [Fact]
    public async Task LoginWithoutUnionIdGivesNullUnionId()
    {
        var code = _wechat.Fake.IssueLoginCode("o-bob");

        var result = await _wechat.Service.CodeToSessionAsync(code, default);

        result.Value.Should().Be(new WeChatSession("o-bob", null));
    }

    [Fact]
    public async Task UnknownLoginCodeIsReportedAsInvalidCode()
    {
        var result = await _wechat.Service.CodeToSessionAsync("0a1b2c3d4e5f", default);

        result.IsSuccess.Should().BeFalse();
        result.Failure.Should().Be(WeChatFailure.InvalidCode);
        result.ErrorCode.Should().Be(40029);
        result.ErrorMessage.Should().StartWith("invalid code rid: ");
    }

    [Fact]
    public async Task ReusedLoginCodeIsReportedAsInvalidCode()
    {
        var code = _wechat.Fake.IssueLoginCode("o-alice");
        (await _wechat.Service.CodeToSessionAsync(code, default)).IsSuccess.Should().BeTrue();

        var second = await _wechat.Service.CodeToSessionAsync(code, default);

        second.Failure.Should().Be(WeChatFailure.InvalidCode);
        second.ErrorCode.Should().Be(40163);
    }

    [Fact]
    public async Task LoginCodeOlderThanFiveMinutesIsReportedAsInvalidCode()
    {
        var code = _wechat.Fake.IssueLoginCode("o-alice");
        _wechat.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = await _wechat.Service.CodeToSessionAsync(code, default);

        result.Failure.Should().Be(WeChatFailure.InvalidCode);
        result.ErrorCode.Should().Be(40029);
    }

    [Fact]
    public async Task EmptyOrMalformedCodeIsRejectedWithoutCallingWeChat()
    {
        (await _wechat.Service.CodeToSessionAsync("", default)).Failure.Should().Be(WeChatFailure.InvalidCode);
        (await _wechat.Service.CodeToSessionAsync("a b", default)).Failure.Should().Be(WeChatFailure.InvalidCode);
        (await _wechat.Service.CodeToSessionAsync(new string('a', 257), default))
            .Failure.Should()
            .Be(WeChatFailure.InvalidCode);

        _wechat.Fake.CallsTo(FakeWeChatServer.LoginPath).Should().Be(0);
    }

    [Fact]
    public async Task MinuteQuotaIsReportedAsRateLimitedWithoutRetry()
    {
        _wechat.Fake.FailNextCalls(FakeWeChatServer.LoginPath, 45011);

        var result = await _wechat.Service.CodeToSessionAsync(_wechat.Fake.IssueLoginCode("o-alice"), default);

        result.Failure.Should().Be(WeChatFailure.RateLimited);
        result.ErrorCode.Should().Be(45011);
        _wechat.Fake.CallsTo(FakeWeChatServer.LoginPath).Should().Be(1);
    }

    [Fact]
    public async Task HighRiskUserIsReportedAsCodeBlocked()
    {
        _wechat.Fake.FailNextCalls(FakeWeChatServer.LoginPath, 40226);

        var result = await _wechat.Service.CodeToSessionAsync(_wechat.Fake.IssueLoginCode("o-alice"), default);

        result.Failure.Should().Be(WeChatFailure.CodeBlocked);
    }

    [Fact]
    public async Task SystemBusyOnceIsRetriedAndSucceedsWithExactlyTwoCalls()
    {
        _wechat.Fake.FailNextCalls("sns/jscode2session", -1);

        var result = await _wechat.Service.CodeToSessionAsync(_wechat.Fake.IssueLoginCode("o-alice"), default);

        result.Value.Should().Be(new WeChatSession("o-alice", null));
        _wechat.Fake.CallsTo(FakeWeChatServer.LoginPath).Should().Be(2);
    }

    [Fact]
    public async Task SystemBusyTwiceIsReportedAsUnavailable()
    {
        _wechat.Fake.FailNextCalls(FakeWeChatServer.LoginPath, -1, times: 2);

        var result = await _wechat.Service.CodeToSessionAsync(_wechat.Fake.IssueLoginCode("o-alice"), default);

        result.Failure.Should().Be(WeChatFailure.Unavailable);
        result.ErrorCode.Should().Be(-1);
        _wechat.Fake.CallsTo(FakeWeChatServer.LoginPath).Should().Be(2);
    }

    [Fact]
    public async Task WrongAppSecretIsReportedAsMisconfigured()
    {
        await using var wrong = await WeChatHarness.StartAsync(appSecret: "not-the-secret");

        var result = await wrong.Service.CodeToSessionAsync(wrong.Fake.IssueLoginCode("o-alice"), default);

        result.Failure.Should().Be(WeChatFailure.Misconfigured);
        result.ErrorCode.Should().Be(40125);
    }

    [Fact]
    public async Task WeChatErrorsAreLoggedAsWarningsWithRidButWithoutSecretOrCode()
    {
        var code = _wechat.Fake.IssueLoginCode("o-alice");
        _wechat.Fake.FailNextCalls(FakeWeChatServer.LoginPath, 45011);

        await _wechat.Service.CodeToSessionAsync(code, default);

        var entry = _wechat.Log.Entries.Should().ContainSingle().Subject;
        entry.Level.Should().Be(LogLevel.Warning);
        entry.Message.Should().MatchRegex(@"errcode 45011 \(rid [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}\)");
        entry.Message.Should().NotContain(WeChatHarness.AppSecret).And.NotContain(code);
    }

    [Fact]
    public async Task RefusedConnectionIsReportedAsUnavailable()
    {
        await using var wechat = WeChatHarness.Connect(WeChatHarness.RefusingUrl());

        var result = await wechat.Service.CodeToSessionAsync("0a1b2c3d4e5f", default);

        result.Failure.Should().Be(WeChatFailure.Unavailable);
        result.ErrorCode.Should().Be(0);
        wechat
            .Log.Entries.Should()
            .ContainSingle(e => e.Level == LogLevel.Warning)
            .Which.Message.Should()
            .NotContain(WeChatHarness.AppSecret);
    }

    [Fact]
    public async Task ServerThatNeverAnswersIsReportedAsUnavailableAfterTheTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        await using var wechat = WeChatHarness.Connect(url, timeout: TimeSpan.FromMilliseconds(300));

        var result = await wechat.Service.CodeToSessionAsync("0a1b2c3d4e5f", default);

        result.Failure.Should().Be(WeChatFailure.Unavailable);
        result.ErrorMessage.Should().Contain("no answer within 0.3 s");
    }

    [Fact]
    public async Task CallerCancellationIsNotMistakenForAnOutage()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await using var wechat = WeChatHarness.Connect($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var act = () => wechat.Service.CodeToSessionAsync("0a1b2c3d4e5f", cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task NonJsonAnswerIsReportedAsUnavailable()
    {
        // The fake answers unknown paths with a bare 404, like a misrouted proxy would.
        await using var wechat = WeChatHarness.Connect(_wechat.Fake.BaseUrl + "/no-such-prefix");

        var result = await wechat.Service.CodeToSessionAsync(_wechat.Fake.IssueLoginCode("o-alice"), default);

        result.Failure.Should().Be(WeChatFailure.Unavailable);
        result.ErrorMessage.Should().Contain("HTTP 404");
        _wechat.Fake.CallsTo("/no-such-prefix/sns/jscode2session").Should().Be(1);
    }
}
