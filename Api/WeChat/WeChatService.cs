namespace Mediation.Api.WeChat;

/// <summary>
/// <see cref="IWeChatService"/> over the real WeChat API: retries once on "system busy" (-1),
/// refreshes the access token once when WeChat rejects it, and turns errcodes and transport
/// failures into <see cref="WeChatFailure"/>.
/// </summary>
public sealed class WeChatService(
    WeChatApiClient client, WeChatAccessTokenProvider tokens, ILogger<WeChatService> logger) : IWeChatService
{
    private const string LoginApi = "sns/jscode2session";
    private const string TokenApi = "cgi-bin/stable_token";
    private const string PhoneApi = "wxa/business/getuserphonenumber";

    public async Task<WeChatResult<WeChatSession>> CodeToSessionAsync(string code, CancellationToken ct)
    {
        if (!IsWellFormed(code))
        {
            return WeChatResult<WeChatSession>.Fail(WeChatFailure.InvalidCode, 0, "code is empty or malformed");
        }

        try
        {
            for (var busyRetried = false; ; busyRetried = true)
            {
                var response = await client.ExecuteSnsJsCode2SessionAsync(new SnsJsCode2SessionRequest { JsCode = code }, ct);
                if (response.IsSuccessful())
                {
                    var unionId = string.IsNullOrEmpty(response.UnionId) ? null : response.UnionId;
                    return WeChatResult<WeChatSession>.Ok(new WeChatSession(response.OpenId!, unionId));
                }

                WeChatLog.ApiError(logger, LoginApi, response.ErrorCode, response.ErrorMessage);
                if (response.ErrorCode != WeChatErrors.SystemBusy || busyRetried)
                {
                    return WeChatResult<WeChatSession>.Fail(
                        WeChatErrors.ForLogin(response.ErrorCode), response.ErrorCode, response.ErrorMessage);
                }
            }
        }
        catch (WeChatTransportException ex)
        {
            WeChatLog.TransportFailure(logger, ex.Path, ex);
            return WeChatResult<WeChatSession>.Fail(WeChatFailure.Unavailable, 0, ex.Message);
        }
    }

    public async Task<WeChatResult<WeChatPhone>> GetPhoneNumberAsync(string code, CancellationToken ct)
    {
        if (!IsWellFormed(code))
        {
            return WeChatResult<WeChatPhone>.Fail(WeChatFailure.InvalidCode, 0, "code is empty or malformed");
        }

        try
        {
            // Two independent budgets: one retry for "system busy", one token refresh.
            var busyRetried = false;
            var tokenRefreshed = false;
            while (true)
            {
                var token = await tokens.GetAccessTokenAsync(ct);
                if (!token.IsSuccess)
                {
                    WeChatLog.ApiError(logger, TokenApi, token.ErrorCode, token.ErrorMessage);
                    if (token.ErrorCode == WeChatErrors.SystemBusy && !busyRetried)
                    {
                        busyRetried = true;
                        continue;
                    }

                    return WeChatResult<WeChatPhone>.Fail(
                        WeChatErrors.ForCredentials(token.ErrorCode), token.ErrorCode, token.ErrorMessage);
                }

                var response = await client.ExecuteWxaBusinessGetUserPhoneNumberAsync(
                    new WxaBusinessGetUserPhoneNumberRequest { Code = code, AccessToken = token.AccessToken }, ct);
                if (response.IsSuccessful())
                {
                    var phone = response.Phone!;
                    return WeChatResult<WeChatPhone>.Ok(
                        new WeChatPhone(phone.PhoneNumber, phone.PurePhoneNumber, phone.CountryCode));
                }

                WeChatLog.ApiError(logger, PhoneApi, response.ErrorCode, response.ErrorMessage);
                if (WeChatErrors.IsAccessTokenRejected(response.ErrorCode) && !tokenRefreshed)
                {
                    tokenRefreshed = true;
                    await tokens.InvalidateAsync(token.AccessToken!, ct);
                    continue;
                }

                if (response.ErrorCode == WeChatErrors.SystemBusy && !busyRetried)
                {
                    busyRetried = true;
                    continue;
                }

                return WeChatResult<WeChatPhone>.Fail(
                    WeChatErrors.ForPhone(response.ErrorCode), response.ErrorCode, response.ErrorMessage);
            }
        }
        catch (WeChatTransportException ex)
        {
            WeChatLog.TransportFailure(logger, ex.Path, ex);
            return WeChatResult<WeChatPhone>.Fail(WeChatFailure.Unavailable, 0, ex.Message);
        }
    }

    // WeChat's codes are about 32 printable ASCII characters; anything else is not worth a call.
    private static bool IsWellFormed(string? code) =>
        !string.IsNullOrEmpty(code) && code.Length <= 256 && code.All(c => c is > ' ' and < '\u007f');
}
