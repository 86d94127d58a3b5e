namespace Mediation.Api.WeChat;

/// <summary>Which errcodes mean what, per endpoint (see shared/wechat-api.md).</summary>
internal static class WeChatErrors
{
    public const int SystemBusy = -1;

    /// <summary>The access token was rejected: drop it, fetch a new one, retry once.</summary>
    public static bool IsAccessTokenRejected(int errcode) => errcode is 40001 or 40014 or 42001;

    /// <summary><c>/sns/jscode2session</c>.</summary>
    public static WeChatFailure ForLogin(int errcode) =>
        errcode switch
        {
            40029 or 40163 or 41008 => WeChatFailure.InvalidCode,
            40226 => WeChatFailure.CodeBlocked,
            _ => ForCredentials(errcode),
        };

    /// <summary><c>/wxa/business/getuserphonenumber</c>, after the token retry.</summary>
    public static WeChatFailure ForPhone(int errcode) =>
        errcode switch
        {
            // 40013 here means the code was issued to another app, not that our appid is wrong:
            // the token that authorised the call was obtained with our appid.
            40029 or 40163 or 40013 => WeChatFailure.InvalidCode,
            48001 => WeChatFailure.Misconfigured,
            45009 => WeChatFailure.QuotaExhausted,
            45011 => WeChatFailure.RateLimited,
            _ => WeChatFailure.Unavailable,
        };

    /// <summary><c>/cgi-bin/message/subscribe/send</c>, after the token retry.</summary>
    public static WeChatFailure ForSubscribe(int errcode) =>
        errcode switch
        {
            43101 => WeChatFailure.SubscriptionRefused,
            40003 or 40037 or 41030 or 47003 => WeChatFailure.Rejected,
            48001 => WeChatFailure.Misconfigured,
            45009 => WeChatFailure.QuotaExhausted,
            45011 => WeChatFailure.RateLimited,
            _ => WeChatFailure.Unavailable,
        };

    /// <summary>Errcodes of calls made with our appid and secret (token, jscode2session).</summary>
    public static WeChatFailure ForCredentials(int errcode) =>
        errcode switch
        {
            // Bad or missing appid/secret, frozen secret, server IP not whitelisted,
            // API not authorised, account punished.
            40001 or 40002 or 40013 or 40125 or 40164 or 40243 or 41002 or 41004 or 48001 or 50004 =>
                WeChatFailure.Misconfigured,
            45009 => WeChatFailure.QuotaExhausted,
            45011 => WeChatFailure.RateLimited,
            _ => WeChatFailure.Unavailable,
        };
}
