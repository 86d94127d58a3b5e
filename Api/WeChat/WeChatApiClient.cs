using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mediation.Api.WeChat;

/// <summary>
/// Typed HttpClient for WeChat's server API, named after SKIT.FlurlHttpClient.Wechat.Api.
/// WeChat errors come back in the response (<see cref="WeChatApiResponse.ErrorCode"/>);
/// transport failures throw <see cref="WeChatTransportException"/>.
/// </summary>
public sealed class WeChatApiClient
{
    // Bodies go to an API, not into HTML: send "+" and Chinese text as themselves, not \uXXXX.
    internal static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly HttpClient _http;
    private readonly WeChatOptions _options;

    public WeChatApiClient(HttpClient http, IOptions<WeChatOptions> options)
    {
        _http = http;
        _options = options.Value;
        _http.BaseAddress ??= _options.BaseUri;
    }

    public Task<SnsJsCode2SessionResponse> ExecuteSnsJsCode2SessionAsync(
        SnsJsCode2SessionRequest request,
        CancellationToken ct = default
    )
    {
        var query = Query(
            ("appid", _options.AppId),
            ("secret", _options.AppSecret),
            ("js_code", request.JsCode),
            ("grant_type", request.GrantType)
        );
        return SendAsync<SnsJsCode2SessionResponse>(
            "sns/jscode2session",
            new HttpRequestMessage(HttpMethod.Get, "sns/jscode2session" + query),
            ct
        );
    }

    public Task<CgibinTokenResponse> ExecuteCgibinStableTokenAsync(
        CgibinStableTokenRequest request,
        CancellationToken ct = default
    )
    {
        var body = new StableTokenBody("client_credential", _options.AppId, _options.AppSecret, request.ForceRefresh);
        return SendAsync<CgibinTokenResponse>(
            "cgi-bin/stable_token",
            new HttpRequestMessage(HttpMethod.Post, "cgi-bin/stable_token") { Content = JsonBody(body) },
            ct
        );
    }

    public Task<WxaBusinessGetUserPhoneNumberResponse> ExecuteWxaBusinessGetUserPhoneNumberAsync(
        WxaBusinessGetUserPhoneNumberRequest request,
        CancellationToken ct = default
    )
    {
        const string path = "wxa/business/getuserphonenumber";
        return SendAsync<WxaBusinessGetUserPhoneNumberResponse>(
            path,
            new HttpRequestMessage(HttpMethod.Post, path + Query(("access_token", request.AccessToken)))
            {
                Content = JsonBody(request),
            },
            ct
        );
    }

    public Task<CgibinMessageSubscribeSendResponse> ExecuteCgibinMessageSubscribeSendAsync(
        CgibinMessageSubscribeSendRequest request,
        CancellationToken ct = default
    )
    {
        const string path = "cgi-bin/message/subscribe/send";
        return SendAsync<CgibinMessageSubscribeSendResponse>(
            path,
            new HttpRequestMessage(HttpMethod.Post, path + Query(("access_token", request.AccessToken)))
            {
                Content = JsonBody(request),
            },
            ct
        );
    }

    private async Task<T> SendAsync<T>(string path, HttpRequestMessage message, CancellationToken ct)
        where T : WeChatApiResponse
    {
        using var _ = message;
        byte[] body;
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new WeChatTransportException(path, $"HTTP {(int)response.StatusCode}");
            }

            body = await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (HttpRequestException ex)
        {
            throw new WeChatTransportException(path, ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new WeChatTransportException(path, $"no answer within {_http.Timeout.TotalSeconds:0.#} s", ex);
        }

        return Deserialize<T>(path, body);
    }

    // WeChat labels its JSON "application/json; encoding=utf-8" (no charset), so decode the
    // bytes as UTF-8 ourselves instead of trusting the content type.
    private static T Deserialize<T>(string path, byte[] body)
        where T : WeChatApiResponse
    {
        var utf8 = body.AsSpan();
        if (utf8.StartsWith(Utf8Bom))
        {
            utf8 = utf8[Utf8Bom.Length..];
        }

        try
        {
            return JsonSerializer.Deserialize<T>(utf8, Json)
                ?? throw new WeChatTransportException(path, "empty JSON body");
        }
        catch (JsonException ex)
        {
            throw new WeChatTransportException(path, $"response is not the expected JSON ({body.Length} bytes)", ex);
        }
    }

    // Buffered rather than streamed, so the request carries a Content-Length instead of chunks.
    private static ByteArrayContent JsonBody<TBody>(TBody body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static string Query(params (string Name, string? Value)[] parameters) =>
        "?" + string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value ?? "")}"));

    private sealed record StableTokenBody(
        [property: JsonPropertyName("grant_type")] string GrantType,
        [property: JsonPropertyName("appid")] string AppId,
        [property: JsonPropertyName("secret")] string Secret,
        [property: JsonPropertyName("force_refresh")] bool ForceRefresh
    );
}
