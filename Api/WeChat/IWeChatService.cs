namespace Mediation.Api.WeChat;

/// <summary>What the rest of the application asks of WeChat.</summary>
public interface IWeChatService
{
    /// <summary>Exchanges a <c>wx.login</c> code for the user's identity.</summary>
    Task<WeChatResult<WeChatSession>> CodeToSessionAsync(string code, CancellationToken ct);

    /// <summary>Exchanges a <c>getPhoneNumber</c> button code for the user's phone number.</summary>
    Task<WeChatResult<WeChatPhone>> GetPhoneNumberAsync(string code, CancellationToken ct);

    /// <summary>Sends one subscribe message; the value is WeChat's msgid when it gives one.</summary>
    Task<WeChatResult<long?>> SendSubscribeMessageAsync(WeChatSubscribeMessage message, CancellationToken ct);
}

/// <param name="Data">Template keyword (e.g. <c>thing1</c>) → value, already fitted to the keyword's rules.</param>
/// <param name="State"><c>formal</c> (default), <c>trial</c> or <c>developer</c>.</param>
public sealed record WeChatSubscribeMessage(
    string OpenId,
    string TemplateId,
    string? Page,
    IReadOnlyDictionary<string, string> Data,
    string State = "formal"
);

/// <summary>A signed-in WeChat user. The session_key stays inside the WeChat client.</summary>
public sealed record WeChatSession(string OpenId, string? UnionId);

public sealed record WeChatPhone(string PhoneNumber, string PurePhoneNumber, string CountryCode);

public enum WeChatFailure
{
    /// <summary>The code is unknown, expired, already used or from another app: get a new one.</summary>
    InvalidCode,

    /// <summary>WeChat blocked this user's login as high-risk (40226).</summary>
    CodeBlocked,

    /// <summary>Minute quota reached (45011): try again in a minute.</summary>
    RateLimited,

    /// <summary>Daily quota reached (45009).</summary>
    QuotaExhausted,

    /// <summary>WeChat is busy or unreachable.</summary>
    Unavailable,

    /// <summary>Our AppId, AppSecret, IP whitelist or API permission is wrong: an operator must act.</summary>
    Misconfigured,

    /// <summary>The user has no subscription left for this template (43101): use another channel.</summary>
    SubscriptionRefused,

    /// <summary>WeChat refused the request's content (openid, template, page or data): retrying will not
    /// help.</summary>
    Rejected,
}

/// <param name="ErrorCode">WeChat's errcode; 0 when the failure did not come from WeChat.</param>
/// <param name="ErrorMessage">WeChat's errmsg (with its rid) or a transport description; not for end users.</param>
public sealed record WeChatResult<T>(T? Value, WeChatFailure? Failure, int ErrorCode, string? ErrorMessage)
{
    public bool IsSuccess => Failure is null && Value is not null;

    public static WeChatResult<T> Ok(T value) => new(value, null, 0, null);

    public static WeChatResult<T> Fail(WeChatFailure failure, int errorCode = 0, string? errorMessage = null) =>
        new(default, failure, errorCode, errorMessage);
}
