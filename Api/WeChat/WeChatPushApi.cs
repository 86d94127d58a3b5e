namespace Mediation.Api.WeChat;

/// <summary>
/// WeChat's message-push callback (shared/wechat-api.md §6): GET answers the URL check with echostr;
/// POST verifies the signature (plaintext) or msg_signature over the Encrypt field and decrypts (safe mode, trailing
/// appid checked), hands the event to the application and answers "success". A bad signature is a 401.
/// With an EncodingAESKey configured (safe mode) a plaintext push is refused: anyone who learnt the token could
/// otherwise forge unencrypted events. A timestamp more than 5 minutes from our clock is refused as a replay, and XML
/// declaring a document type (400) in every mode.
/// </summary>
public static class WeChatPushApi
{
    public static IEndpointRouteBuilder MapWeChatPushApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/wechat/push").WithTags("WeChat").ExcludeFromDescription();
        group.MapGet("/", VerifyPushUrl).WithName(nameof(VerifyPushUrl));
        group.MapPost("/", ReceivePush).WithName(nameof(ReceivePush));
        return app;
    }

    public static Results<ContentHttpResult, ProblemHttpResult> VerifyPushUrl(
        string? signature,
        string? timestamp,
        string? nonce,
        string? echostr,
        IOptions<WeChatOptions> options
    )
    {
        var token = options.Value.PushToken;
        if (string.IsNullOrEmpty(token))
            return NotConfigured();
        return WeChatMessageCrypto.SignatureMatches(signature, token, timestamp ?? "", nonce ?? "")
            ? TypedResults.Text(echostr ?? "", "text/plain")
            : BadSignature();
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ReceivePush(
        HttpRequest request,
        IOptions<WeChatOptions> options,
        IWeChatPushSink sink,
        TimeProvider clock,
        ILogger<WeChatPushEndpointLog> logger,
        CancellationToken ct
    )
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.PushToken))
            return NotConfigured();
        string timestamp = request.Query["timestamp"].ToString(),
            nonce = request.Query["nonce"].ToString();
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        if (WeChatPushEvent.DeclaresDocumentType(body))
            return DocumentTypeRefused();

        string? message;
        var safeMode = !string.IsNullOrEmpty(o.EncodingAESKey);
        if (request.Query["encrypt_type"] == "aes")
        {
            var encrypted = WeChatPushEvent.EncryptedPart(body);
            if (
                encrypted is null
                || !WeChatMessageCrypto.SignatureMatches(
                    request.Query["msg_signature"],
                    o.PushToken,
                    timestamp,
                    nonce,
                    encrypted
                )
            )
                return BadSignature();
            message = safeMode ? WeChatMessageCrypto.TryDecrypt(o.EncodingAESKey, o.AppId, encrypted) : null;
            if (message is null)
                return BadSignature();
            if (WeChatPushEvent.DeclaresDocumentType(message))
                return DocumentTypeRefused();
        }
        else
        {
            if (safeMode)
                return PlaintextRefused();
            if (!WeChatMessageCrypto.SignatureMatches(request.Query["signature"], o.PushToken, timestamp, nonce))
                return BadSignature();
            message = body;
        }
        // Checked after the signature, which covers the timestamp: a captured push cannot be replayed later.
        if (!IsFresh(timestamp, clock))
        {
            logger.LogWarning(
                "WeChat push with timestamp {Timestamp} outside the {Window} window refused",
                timestamp,
                FreshnessWindow
            );
            return Stale();
        }

        var push = WeChatPushEvent.Parse(message);
        if (push is null)
        {
            logger.LogWarning("WeChat push with an unreadable body ({Length} characters) ignored", message.Length);
            return TypedResults.Text("success", "text/plain");
        }
        await sink.HandleAsync(push, ct);
        return TypedResults.Text("success", "text/plain");
    }

    /// <summary>How far a push's timestamp may be from our clock, either way.</summary>
    public static readonly TimeSpan FreshnessWindow = TimeSpan.FromMinutes(5);

    private static bool IsFresh(string timestamp, TimeProvider clock) =>
        long.TryParse(
            timestamp,
            System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture,
            out var seconds
        )
        && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
        && (clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() <= FreshnessWindow;

    private static ProblemHttpResult PlaintextRefused() =>
        Problems.Unauthorized("签名校验失败", "服务器已配置消息加密（安全模式），不接受明文推送。");

    private static ProblemHttpResult Stale() =>
        Problems.Unauthorized("签名校验失败", "消息推送的时间戳缺失或与服务器时间相差超过5分钟。");

    private static ProblemHttpResult DocumentTypeRefused() =>
        Problems.BadRequest("请求格式不正确", "消息推送不得包含 DTD 或实体声明。");

    private static ProblemHttpResult BadSignature() => Problems.Unauthorized("签名校验失败", "消息推送的签名不正确。");

    private static ProblemHttpResult NotConfigured() =>
        Problems.NotFound("未配置微信消息推送", "服务器未配置 WeChat:PushToken。");

    /// <summary>Category for this endpoint's log lines.</summary>
    public sealed class WeChatPushEndpointLog;
}
