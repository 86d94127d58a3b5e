namespace Mediation.Api.WeChat;

/// <summary>
/// <see cref="IWeChatService"/> over the real WeChat API: retries once on "system busy" (-1),
/// refreshes the access token once when WeChat rejects it, and turns errcodes and transport
/// failures into <see cref="WeChatFailure"/>.
/// </summary>
public sealed class WeChatService(
    WeChatApiClient client,
    WeChatAccessTokenProvider tokens,
    ILogger<WeChatService> logger
) : IWeChatService
{
    private const string LoginApi = "sns/jscode2session";
    private const string TokenApi = "cgi-bin/stable_token";
    private const string PhoneApi = "wxa/business/getuserphonenumber";
    private const string SubscribeApi = "cgi-bin/message/subscribe/send";

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
                var response = await client.ExecuteSnsJsCode2SessionAsync(
                    new SnsJsCode2SessionRequest { JsCode = code },
                    ct
                );
                if (response.IsSuccessful())
                {
                    var unionId = string.IsNullOrEmpty(response.UnionId) ? null : response.UnionId;
                    return WeChatResult<WeChatSession>.Ok(new WeChatSession(response.OpenId!, unionId));
                }

                WeChatLog.ApiError(logger, LoginApi, response.ErrorCode, response.ErrorMessage);
                if (response.ErrorCode != WeChatErrors.SystemBusy || busyRetried)
                {
                    return WeChatResult<WeChatSession>.Fail(
                        WeChatErrors.ForLogin(response.ErrorCode),
                        response.ErrorCode,
                        response.ErrorMessage
                    );
                }
            }
        }
        catch (WeChatTransportException ex)
        {
            WeChatLog.TransportFailure(logger, ex.Path, ex);
            return WeChatResult<WeChatSession>.Fail(WeChatFailure.Unavailable, 0, ex.Message);
        }
    }

    public Task<WeChatResult<WeChatPhone>> GetPhoneNumberAsync(string code, CancellationToken ct)
    {
        if (!IsWellFormed(code))
        {
            return Task.FromResult(
                WeChatResult<WeChatPhone>.Fail(WeChatFailure.InvalidCode, 0, "code is empty or malformed")
            );
        }

        return WithAccessTokenAsync(
            PhoneApi,
            token =>
                client.ExecuteWxaBusinessGetUserPhoneNumberAsync(
                    new WxaBusinessGetUserPhoneNumberRequest { Code = code, AccessToken = token },
                    ct
                ),
            response => new WeChatPhone(
                response.Phone!.PhoneNumber,
                response.Phone.PurePhoneNumber,
                response.Phone.CountryCode
            ),
            WeChatErrors.ForPhone,
            ct
        );
    }

    public Task<WeChatResult<long?>> SendSubscribeMessageAsync(WeChatSubscribeMessage message, CancellationToken ct) =>
        WithAccessTokenAsync(
            SubscribeApi,
            token =>
                client.ExecuteCgibinMessageSubscribeSendAsync(
                    new CgibinMessageSubscribeSendRequest
                    {
                        AccessToken = token,
                        ToUserOpenId = message.OpenId,
                        TemplateId = message.TemplateId,
                        MiniProgramPagePath = message.Page,
                        MiniProgramState = message.State,
                        Data = message.Data.ToDictionary(
                            d => d.Key,
                            d => new CgibinMessageSubscribeSendRequest.DataItem(d.Value)
                        ),
                    },
                    ct
                ),
            response => response.MessageId,
            WeChatErrors.ForSubscribe,
            ct,
            successMayBeEmpty: true
        );

    /// <summary>
    /// Calls a token-authorised API with two independent budgets: one retry after "system busy",
    /// and one token refresh when WeChat rejects the token (40001 / 40014 / 42001).
    /// </summary>
    private async Task<WeChatResult<T>> WithAccessTokenAsync<TResponse, T>(
        string api,
        Func<string, Task<TResponse>> call,
        Func<TResponse, T> success,
        Func<int, WeChatFailure> failure,
        CancellationToken ct,
        bool successMayBeEmpty = false
    )
        where TResponse : WeChatApiResponse
    {
        try
        {
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

                    return WeChatResult<T>.Fail(
                        WeChatErrors.ForCredentials(token.ErrorCode),
                        token.ErrorCode,
                        token.ErrorMessage
                    );
                }

                var response = await call(token.AccessToken!);
                if (response.IsSuccessful())
                {
                    return successMayBeEmpty
                        ? new WeChatResult<T>(success(response), null, 0, null)
                        : WeChatResult<T>.Ok(success(response));
                }

                WeChatLog.ApiError(logger, api, response.ErrorCode, response.ErrorMessage);
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

                return WeChatResult<T>.Fail(failure(response.ErrorCode), response.ErrorCode, response.ErrorMessage);
            }
        }
        catch (WeChatTransportException ex)
        {
            WeChatLog.TransportFailure(logger, ex.Path, ex);
            return WeChatResult<T>.Fail(WeChatFailure.Unavailable, 0, ex.Message);
        }
    }

    // WeChat's codes are about 32 printable ASCII characters; anything else is not worth a call.
    private static bool IsWellFormed(string? code) =>
        !string.IsNullOrEmpty(code) && code.Length <= 256 && code.All(c => c is > ' ' and < '\u007f');
}
