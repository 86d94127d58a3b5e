using Mediation.Api.WeChat;

namespace Mediation.Api.Auth;

/// <summary>What a citizen is told when WeChat refuses a code or is unavailable.</summary>
public static class WeChatProblems
{
    public static ProblemHttpResult For(WeChatFailure failure, int errorCode) =>
        failure switch
        {
            WeChatFailure.InvalidCode => Problem(
                400,
                "登录凭证无效或已使用，请重新登录",
                "微信登录凭证无效、已过期或已被使用，请重新打开小程序登录。",
                errorCode
            ),
            WeChatFailure.CodeBlocked => Problem(
                403,
                "微信账号存在风险，暂时无法登录",
                "微信判定该账号存在安全风险，已拦截本次登录。",
                errorCode
            ),
            WeChatFailure.RateLimited or WeChatFailure.QuotaExhausted => Problem(
                429,
                "请求过于频繁，请稍后再试",
                "微信接口调用过于频繁，请一分钟后再试。",
                errorCode
            ),
            _ => Problem(503, "微信服务暂时不可用，请稍后再试", "暂时无法连接微信服务，请稍后重试。", errorCode),
        };

    private static ProblemHttpResult Problem(int status, string title, string detail, int errorCode) =>
        Problems
            .Of(status, title, detail, "wechat-" + Problems.Codes.For(status))
            .WithExtension("wechatErrcode", errorCode);
}
