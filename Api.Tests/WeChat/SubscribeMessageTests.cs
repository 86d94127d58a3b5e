using Mediation.Api.Tests.Fakes;
using Mediation.Api.WeChat;

namespace Mediation.Api.Tests.WeChat;

public sealed class SubscribeMessageValueTests
{
    [Fact]
    public void AThingLongerThanTwentyCharactersIsCutWithAnEllipsis()
    {
        var fitted = SubscribeMessageValues.Fit("thing1", "张家产镇西村人民调解委员会关于邻里通道纠纷的调解会议");

        fitted.Should().HaveLength(20).And.EndWith("…").And.StartWith("张家产镇西村");
    }

    [Theory]
    [InlineData("phrase3", "待调解", "待调解")]
    [InlineData("phrase3", "调解会议已取消", "调解会议已")]
    [InlineData("phrase3", "OK", null)]
    [InlineData("character_string2", "WD-ZJC-XC-2026-00001", "WD-ZJC-XC-2026-00001")]
    [InlineData("character_string2", "案号", null)]
    [InlineData("number4", "12.5", "12.5")]
    [InlineData("number4", "十二", null)]
    [InlineData("name5", "欧阳娜娜娜娜娜娜娜娜娜", "欧阳娜娜娜娜娜娜娜娜")]
    [InlineData("phone_number6", "0631-8451234", "0631-8451234")]
    [InlineData("thing7", "  ", null)]
    public void ValuesAreFittedToTheirKeywordType(string keyword, string value, string? expected) =>
        SubscribeMessageValues.Fit(keyword, value).Should().Be(expected);

    [Fact]
    public void TimesAreShownInChinaTime() =>
        SubscribeMessageValues
            .Time(new DateTime(2026, 11, 26, 1, 30, 0, DateTimeKind.Utc))
            .Should()
            .Be("2026-11-26 09:30");
}

public sealed class SubscribeMessageSendTests : IAsyncLifetime
{
    private const string Template = "tmpl-session-reminder";
    private WeChatHarness harness = null!;

    public async Task InitializeAsync()
    {
        harness = await WeChatHarness.StartAsync();
        harness.Fake.RegisterTemplate(
            Template,
            new()
            {
                ["thing1"] = "thing",
                ["time2"] = "time",
                ["character_string3"] = "character_string",
            }
        );
    }

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    private static WeChatSubscribeMessage Reminder(string openId, string topic = "邻里通道纠纷调解") =>
        new(
            openId,
            Template,
            "pages/case/detail?id=1",
            new Dictionary<string, string>
            {
                ["thing1"] = topic,
                ["time2"] = "2026-11-26 09:30",
                ["character_string3"] = "WD-ZJC-XC-2026-00001",
            }
        );

    [Fact]
    public async Task AMessageWithAConsentIsDeliveredExactlyAsSent()
    {
        harness.Fake.GrantSubscription("o-alice", Template);

        var result = await harness.Service.SendSubscribeMessageAsync(Reminder("o-alice"), CancellationToken.None);

        result.Failure.Should().BeNull();
        result.Value.Should().NotBeNull();
        var sent = harness.Fake.SentMessages.Should().ContainSingle().Subject;
        sent.Data["thing1"].Should().Be("邻里通道纠纷调解");
        sent.Page.Should().Be("pages/case/detail?id=1");
    }

    [Fact]
    public async Task AOneTimeConsentAllowsOneMessageAndThenWeChatRefuses()
    {
        harness.Fake.GrantSubscription("o-bob", Template);
        (await harness.Service.SendSubscribeMessageAsync(Reminder("o-bob"), CancellationToken.None))
            .Failure.Should()
            .BeNull();

        var second = await harness.Service.SendSubscribeMessageAsync(Reminder("o-bob"), CancellationToken.None);

        second.Failure.Should().Be(WeChatFailure.SubscriptionRefused);
        second.ErrorCode.Should().Be(43101);
        harness.Fake.SentMessages.Should().HaveCount(1);
    }

    [Fact]
    public async Task AValueBreakingItsKeywordRuleIsRejectedAndNotRetried()
    {
        harness.Fake.GrantSubscription("o-carol", Template);
        var callsBefore = harness.Fake.CallsTo(FakeWeChatServer.SubscribeSendPath);

        var result = await harness.Service.SendSubscribeMessageAsync(
            Reminder("o-carol", new string('调', 21)),
            CancellationToken.None
        );

        result.Failure.Should().Be(WeChatFailure.Rejected);
        result.ErrorCode.Should().Be(47003);
        harness.Fake.CallsTo(FakeWeChatServer.SubscribeSendPath).Should().Be(callsBefore + 1);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefreshedOnceAndTheMessageStillGoesOut()
    {
        harness.Fake.GrantSubscription("o-dan", Template);
        harness.Fake.GrantSubscription("o-dan", Template);
        (await harness.Service.SendSubscribeMessageAsync(Reminder("o-dan"), CancellationToken.None))
            .Failure.Should()
            .BeNull();
        harness.Fake.ExpireAccessTokens();

        var result = await harness.Service.SendSubscribeMessageAsync(Reminder("o-dan"), CancellationToken.None);

        result.Failure.Should().BeNull();
        harness.Fake.StableTokenCalls.Should().Be(2);
        harness.Fake.SentMessages.Should().HaveCount(2);
    }
}
