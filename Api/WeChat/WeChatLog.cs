using System.Text.RegularExpressions;

namespace Mediation.Api.WeChat;

/// <summary>
/// WeChat log lines. They carry errcodes and WeChat's rid (for Tencent support), never the
/// secret, an access token, a session_key or a user's code.
/// </summary>
internal static partial class WeChatLog
{
    [LoggerMessage(
        EventId = 4101,
        Level = LogLevel.Warning,
        Message = "WeChat {Api} returned errcode {ErrorCode} (rid {Rid}): {ErrorMessage}"
    )]
    private static partial void LogApiError(
        ILogger logger,
        string api,
        int errorCode,
        string? rid,
        string? errorMessage
    );

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "WeChat {Api} could not be reached")]
    public static partial void TransportFailure(ILogger logger, string api, Exception exception);

    [LoggerMessage(
        EventId = 4103,
        Level = LogLevel.Warning,
        Message = "Development WeChat sign-in is active: codes 'dev:<name>' sign in without WeChat"
    )]
    public static partial void DevelopmentServiceActive(ILogger logger);

    public static void ApiError(ILogger logger, string api, int errorCode, string? errorMessage) =>
        LogApiError(logger, api, errorCode, Rid(errorMessage), errorMessage);

    /// <summary>The request id WeChat appends to errmsg (" rid: 6543a1b2-…").</summary>
    public static string? Rid(string? errorMessage) =>
        errorMessage is null ? null
        : RidPattern().Match(errorMessage) is { Success: true } m ? m.Groups[1].Value
        : null;

    [GeneratedRegex(@"rid:\s*([0-9A-Za-z-]+)")]
    private static partial Regex RidPattern();
}
