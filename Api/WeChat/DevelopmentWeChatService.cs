using System.Text.RegularExpressions;

namespace Mediation.Api.WeChat;

/// <summary>
/// Stand-in for WeChat on a developer's machine without an AppSecret: login code
/// <c>dev:&lt;name&gt;</c> signs in as openid <c>dev-&lt;name&gt;</c>, phone code
/// <c>dev:&lt;11-digit mobile&gt;</c> returns that number. Refuses to exist outside Development.
/// </summary>
public sealed partial class DevelopmentWeChatService : IWeChatService
{
    public DevelopmentWeChatService(IHostEnvironment environment, ILogger<DevelopmentWeChatService> logger)
    {
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{nameof(DevelopmentWeChatService)} signs anyone in; it is only allowed in Development, "
                    + $"not in '{environment.EnvironmentName}'."
            );
        }

        WeChatLog.DevelopmentServiceActive(logger);
    }

    public Task<WeChatResult<WeChatSession>> CodeToSessionAsync(string code, CancellationToken ct)
    {
        var match = LoginCode().Match(code ?? "");
        return Task.FromResult(
            match.Success
                ? WeChatResult<WeChatSession>.Ok(new WeChatSession("dev-" + match.Groups[1].Value, null))
                : WeChatResult<WeChatSession>.Fail(
                    WeChatFailure.InvalidCode,
                    40029,
                    "invalid code (development: use dev:<name>)"
                )
        );
    }

    public Task<WeChatResult<WeChatPhone>> GetPhoneNumberAsync(string code, CancellationToken ct)
    {
        var match = PhoneCode().Match(code ?? "");
        return Task.FromResult(
            match.Success
                ? WeChatResult<WeChatPhone>.Ok(new WeChatPhone(match.Groups[1].Value, match.Groups[1].Value, "86"))
                : WeChatResult<WeChatPhone>.Fail(
                    WeChatFailure.InvalidCode,
                    40029,
                    "invalid code (development: use dev:<mobile>)"
                )
        );
    }

    // Without WeChat there is no one to deliver to; the caller falls back to its other channels (the in-app inbox).
    public Task<WeChatResult<long?>> SendSubscribeMessageAsync(WeChatSubscribeMessage message, CancellationToken ct) =>
        Task.FromResult(
            WeChatResult<long?>.Fail(
                WeChatFailure.Misconfigured,
                0,
                "development stand-in: subscribe messages are not sent"
            )
        );

    [GeneratedRegex(@"^dev:([A-Za-z0-9_-]{1,32})\z")]
    private static partial Regex LoginCode();

    [GeneratedRegex(@"^dev:(1[3-9][0-9]{9})\z")]
    private static partial Regex PhoneCode();
}
