namespace Mediation.Api.WeChat;

/// <summary>Outcome of asking for an access token: the token, or WeChat's errcode.</summary>
public sealed record WeChatAccessTokenResult(string? AccessToken, int ErrorCode, string? ErrorMessage)
{
    public bool IsSuccess => AccessToken is not null;
}

/// <summary>
/// Process-wide cache of the stable access token (<c>POST /cgi-bin/stable_token</c> only:
/// <c>/cgi-bin/token</c> would invalidate tokens other instances hold). One refresh runs at a
/// time; callers that queue behind it reuse its result.
/// </summary>
public sealed class WeChatAccessTokenProvider(WeChatApiClient client, TimeProvider time) : IDisposable
{
    /// <summary>Refresh this long before WeChat's expiry (WeChat renews 5 min early too).</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private const int DefaultExpiresInSeconds = 7200;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CachedToken? _cached;

    /// <summary>The cached token, or a new one when the cache is empty or near expiry.</summary>
    /// <exception cref="WeChatTransportException">WeChat could not be reached.</exception>
    public async Task<WeChatAccessTokenResult> GetAccessTokenAsync(CancellationToken ct)
    {
        if (Fresh(_cached) is { } hit)
        {
            return Ok(hit);
        }

        await _gate.WaitAsync(ct);
        try
        {
            return Fresh(_cached) is { } token ? Ok(token) : await FetchAsync(forceRefresh: false, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Drops the cached token after WeChat rejected it (40001/40014/42001). Compare-and-expire:
    /// if another caller already replaced it, the newer token is kept.
    /// </summary>
    public async Task InvalidateAsync(string rejectedToken, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_cached?.Token == rejectedToken)
            {
                _cached = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Makes WeChat revoke the current token and issue a new one, for a leaked token.
    /// WeChat allows this 20 times a day, 30 s apart; expiry and rejections need only
    /// <see cref="InvalidateAsync"/>.
    /// </summary>
    public async Task<WeChatAccessTokenResult> ForceRefreshAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await FetchAsync(forceRefresh: true, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<WeChatAccessTokenResult> FetchAsync(bool forceRefresh, CancellationToken ct)
    {
        var response = await client.ExecuteCgibinStableTokenAsync(
            new CgibinStableTokenRequest { ForceRefresh = forceRefresh },
            ct
        );
        if (!response.IsSuccessful())
        {
            return new WeChatAccessTokenResult(null, response.ErrorCode, response.ErrorMessage);
        }

        var lifetime = TimeSpan.FromSeconds(response.ExpiresIn > 0 ? response.ExpiresIn : DefaultExpiresInSeconds);
        // Keep at least half of a short lifetime rather than caching nothing.
        var margin = lifetime > RefreshMargin * 2 ? RefreshMargin : lifetime / 2;
        var token = new CachedToken(response.AccessToken!, time.GetUtcNow() + lifetime - margin);
        _cached = token;
        return Ok(token);
    }

    private CachedToken? Fresh(CachedToken? token) =>
        token is not null && time.GetUtcNow() < token.RefreshAt ? token : null;

    private static WeChatAccessTokenResult Ok(CachedToken token) => new(token.Token, 0, null);

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}
