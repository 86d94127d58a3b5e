using Mediation.Api.Tests.Fakes;
using Mediation.Api.WeChat;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mediation.Api.Tests.WeChat;

public sealed class WeChatSetupTests
{
    [Theory]
    [InlineData("Production", "wx-app", "")]
    [InlineData("Production", "", "s3cret")]
    [InlineData("Staging", "wx-app", "")]
    [InlineData("Development", "", "s3cret")]
    public void MissingAppIdOrAppSecretStopsTheStart(string environment, string appId, string appSecret)
    {
        using var app = Build(environment, ("WeChat:AppId", appId), ("WeChat:AppSecret", appSecret));

        var act = () => app.Services.GetRequiredService<IStartupValidator>().Validate();

        act.Should()
            .Throw<OptionsValidationException>()
            .WithMessage("*WeChat:AppId and WeChat:AppSecret are required*");
    }

    [Theory]
    [InlineData("ftp://api.weixin.qq.com", "10")]
    [InlineData("api.weixin.qq.com", "10")]
    [InlineData("https://api.weixin.qq.com", "0")]
    public void MalformedBaseUrlOrTimeoutStopsTheStart(string baseUrl, string timeoutSeconds)
    {
        using var app = Build(
            "Production",
            ("WeChat:AppId", "wx-app"),
            ("WeChat:AppSecret", "s3cret"),
            ("WeChat:BaseUrl", baseUrl),
            ("WeChat:TimeoutSeconds", timeoutSeconds)
        );

        var act = () => app.Services.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>();
    }

    [Fact]
    public void DevelopmentWithoutAppSecretUsesTheDevelopmentService()
    {
        using var app = Build("Development");

        app.Services.GetRequiredService<IStartupValidator>().Validate();
        app.Services.GetRequiredService<IWeChatService>().Should().BeOfType<DevelopmentWeChatService>();
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public void ConfiguredAppSecretAlwaysUsesRealWeChat(string environment)
    {
        using var app = Build(environment, ("WeChat:AppId", "wx-app"), ("WeChat:AppSecret", "s3cret"));

        app.Services.GetRequiredService<IStartupValidator>().Validate();
        app.Services.GetRequiredService<IWeChatService>().Should().BeOfType<WeChatService>();
    }

    [Fact]
    public async Task RegisteredServiceTalksToTheConfiguredBaseUrl()
    {
        await using var fake = await FakeWeChatServer.StartAsync("wx-app", "s3cret");
        using var app = Build(
            "Production",
            ("WeChat:AppId", "wx-app"),
            ("WeChat:AppSecret", "s3cret"),
            ("WeChat:BaseUrl", fake.BaseUrl),
            ("WeChat:TimeoutSeconds", "5")
        );
        var wechat = app.Services.GetRequiredService<IWeChatService>();

        var session = await wechat.CodeToSessionAsync(fake.IssueLoginCode("o-alice"), default);
        var phone = await wechat.GetPhoneNumberAsync(fake.IssuePhoneCode("13800138000"), default);
        var phoneAgain = await app
            .Services.GetRequiredService<IWeChatService>()
            .GetPhoneNumberAsync(fake.IssuePhoneCode("13900139000"), default);

        session.Value!.OpenId.Should().Be("o-alice");
        phone.Value!.PhoneNumber.Should().Be("13800138000");
        phoneAgain.Value!.PhoneNumber.Should().Be("13900139000");
        fake.StableTokenCalls.Should().Be(1, "the token provider is shared by every IWeChatService instance");
    }

    private static WebApplication Build(string environment, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.AddWeChat();
        return builder.Build();
    }
}
