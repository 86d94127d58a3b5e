using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mediation.Api.Tests.Fakes;

/// <summary>
/// WeChat's HTTP API on a real loopback port, behaving as shared/wechat-api.md describes:
/// HTTP 200 with errcode/errmsg ("… rid: …") and "application/json; encoding=utf-8" on errors,
/// no errcode on successful jscode2session and stable_token answers, single-use codes that
/// live 5 minutes, stable tokens renewed in their last 5 minutes.
/// </summary>
public sealed partial class FakeWeChatServer : IAsyncDisposable
{
    public const string LoginPath = "/sns/jscode2session";
    public const string StableTokenPath = "/cgi-bin/stable_token";
    public const string LegacyTokenPath = "/cgi-bin/token";
    public const string PhonePath = "/wxa/business/getuserphonenumber";
    public const string SubscribeSendPath = "/cgi-bin/message/subscribe/send";

    private const string JsonContentType = "application/json; encoding=utf-8";
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(2);
    private static readonly TimeSpan TokenRenewal = TimeSpan.FromMinutes(5);

    private readonly string _appId;
    private readonly string _appSecret;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _calls = [];
    private readonly Dictionary<string, Queue<int>> _failures = [];
    private readonly Dictionary<string, Code> _codes = [];
    private readonly Dictionary<string, Token> _tokens = [];
    private Token? _stableToken;
    private WebApplication? _app;

    private FakeWeChatServer(string appId, string appSecret, TimeProvider clock)
    {
        _appId = appId;
        _appSecret = appSecret;
        _clock = clock;
    }

    public string BaseUrl { get; private set; } = "";

    public int StableTokenCalls => CallsTo(StableTokenPath);

    /// <summary>Calls to <c>/cgi-bin/token</c>, which would invalidate other instances' tokens.</summary>
    public int LegacyTokenCalls => CallsTo(LegacyTokenPath);

    public static Task<FakeWeChatServer> StartAsync(string appId, string appSecret) =>
        StartAsync(appId, appSecret, TimeProvider.System);

    /// <summary>Starts with a clock shared with the code under test, so token and code expiry follow it.</summary>
    public static async Task<FakeWeChatServer> StartAsync(string appId, string appSecret, TimeProvider clock)
    {
        var server = new FakeWeChatServer(appId, appSecret, clock);
        (var app, var baseUrl) = await LoopbackServer.StartAsync(server.HandleAsync);
        server._app = app;
        server.BaseUrl = baseUrl;
        return server;
    }

    public string IssueLoginCode(string openId, string? unionId = null) =>
        IssueCode(new Code(_clock.GetUtcNow(), OpenId: openId, UnionId: unionId));

    /// <summary>A getPhoneNumber code for a mainland mobile number (country code 86).</summary>
    public string IssuePhoneCode(string phoneNumber) =>
        IssueCode(new Code(_clock.GetUtcNow(), PhoneNumber: phoneNumber));

    /// <summary>The next <paramref name="times"/> calls to <paramref name="path"/> answer <paramref name="errcode"/>.</summary>
    public void FailNextCalls(string path, int errcode, int times = 1)
    {
        lock (_gate)
        {
            var queue = _failures.TryGetValue(Normalize(path), out var q)
                ? q
                : _failures[Normalize(path)] = new Queue<int>();
            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(errcode);
            }
        }
    }

    /// <summary>Every token issued so far expires now: business calls with one get 42001.</summary>
    public void ExpireAccessTokens()
    {
        lock (_gate)
        {
            foreach (var token in _tokens.Values)
            {
                token.ExpiresAt = _clock.GetUtcNow();
            }
        }
    }

    public int CallsTo(string path)
    {
        lock (_gate)
        {
            return _calls.GetValueOrDefault(Normalize(path));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = Normalize(context.Request.Path.Value ?? "");
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        JsonObject? answer;
        lock (_gate)
        {
            _calls[path] = _calls.GetValueOrDefault(path) + 1;
            answer =
                _failures.TryGetValue(path, out var queue) && queue.Count > 0
                    ? Error(queue.Dequeue(), "injected failure")
                    : path switch
                    {
                        LoginPath => JsCode2Session(context.Request.Query),
                        StableTokenPath => StableToken(context.Request.Method, body),
                        LegacyTokenPath => LegacyToken(context.Request.Query),
                        PhonePath => PhoneNumber(context.Request, body),
                        SubscribeSendPath => SubscribeSend(context.Request, body),
                        _ => null,
                    };
        }

        if (answer is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = JsonContentType;
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(answer));
    }

    private JsonObject? CheckCredentials(string? appId, string? secret, (int Code, string Message) wrongSecret) =>
        string.IsNullOrEmpty(appId) ? Error(41002, "appid missing")
        : appId != _appId ? Error(40013, "invalid appid")
        : string.IsNullOrEmpty(secret) ? Error(41004, "appsecret missing")
        : secret != _appSecret ? Error(wrongSecret.Code, wrongSecret.Message)
        : null;

    private string IssueCode(Code code)
    {
        var value = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        lock (_gate)
        {
            _codes[value] = code;
        }

        return value;
    }

    private bool Expired(Code code) => _clock.GetUtcNow() >= code.IssuedAt + CodeLifetime;

    private Token NewToken(DateTimeOffset now)
    {
        var token = new Token(
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)).Replace('+', '-').Replace('/', '_')
        )
        {
            ExpiresAt = now + TokenLifetime,
        };
        _tokens[token.Value] = token;
        return token;
    }

    private static JsonObject Error(int errcode, string message) =>
        new()
        {
            ["errcode"] = errcode,
            ["errmsg"] =
                $"{message} rid: {Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant().Insert(16, "-").Insert(8, "-")}",
        };

    private static string Normalize(string path) => "/" + path.Trim('/');

    private sealed record Code(
        DateTimeOffset IssuedAt,
        string? OpenId = null,
        string? UnionId = null,
        string? PhoneNumber = null
    )
    {
        public bool Used { get; set; }
    }

    private sealed record Token(string Value)
    {
        public DateTimeOffset ExpiresAt { get; set; }

        public bool Revoked { get; set; }
    }
}
