using Mediation.Api.WeChat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mediation.Api.Tests.WeChat;

public sealed class DevelopmentWeChatServiceTests
{
    private readonly DevelopmentWeChatService _service = new(
        new Environment(Environments.Development),
        NullLogger<DevelopmentWeChatService>.Instance
    );

    [Fact]
    public async Task DevCodeSignsInAsTheNamedDeveloper()
    {
        var result = await _service.CodeToSessionAsync("dev:alice", default);

        result.Value.Should().Be(new WeChatSession("dev-alice", null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("dev:")]
    [InlineData("dev:alice\n")]
    [InlineData("dev:al ice")]
    [InlineData("dev:张三")]
    [InlineData("dev:abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("0a1b2c3d4e5f")]
    public async Task OtherLoginCodesAreInvalid(string code)
    {
        var result = await _service.CodeToSessionAsync(code, default);

        result.IsSuccess.Should().BeFalse();
        result.Failure.Should().Be(WeChatFailure.InvalidCode);
    }

    [Fact]
    public async Task LongestAllowedNameIsAccepted()
    {
        var result = await _service.CodeToSessionAsync("dev:Ab_-" + new string('9', 28), default);

        result.Value!.OpenId.Should().Be("dev-Ab_-" + new string('9', 28));
    }

    [Fact]
    public async Task DevPhoneCodeReturnsThatMobileNumber()
    {
        var result = await _service.GetPhoneNumberAsync("dev:13800138000", default);

        result.Value.Should().Be(new WeChatPhone("13800138000", "13800138000", "86"));
    }

    [Theory]
    [InlineData("dev:1380013800")]
    [InlineData("dev:138001380001")]
    [InlineData("dev:23800138000")]
    [InlineData("13800138000")]
    public async Task OtherPhoneCodesAreInvalid(string code)
    {
        var result = await _service.GetPhoneNumberAsync(code, default);

        result.Failure.Should().Be(WeChatFailure.InvalidCode);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void CannotBeCreatedOutsideDevelopment(string environment)
    {
        var act = () =>
            new DevelopmentWeChatService(new Environment(environment), NullLogger<DevelopmentWeChatService>.Instance);

        act.Should().Throw<InvalidOperationException>().WithMessage($"*only allowed in Development*'{environment}'*");
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Mediation.Api";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
