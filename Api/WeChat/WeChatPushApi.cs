using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Mediation.Api.WeChat;

/// <summary>
/// WeChat's message-push callback (shared/wechat-api.md §6): GET answers the URL check with echostr;
/// POST verifies the signature (plaintext) or msg_signature and decrypts (safe mode, trailing appid checked),
/// hands the event to the application and answers "success". A bad signature is a 401.
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
        string? signature, string? timestamp, string? nonce, string? echostr, IOptions<WeChatOptions> options)
    {
        var token = options.Value.PushToken;
        if (string.IsNullOrEmpty(token)) return NotConfigured();
        return WeChatMessageCrypto.SignatureMatches(signature, token, timestamp ?? "", nonce ?? "")
            ? TypedResults.Text(echostr ?? "", "text/plain")
            : BadSignature();
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ReceivePush(
        HttpRequest request, IOptions<WeChatOptions> options, IWeChatPushSink sink, ILogger<WeChatPushEndpointLog> logger, CancellationToken ct)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.PushToken)) return NotConfigured();
        string timestamp = request.Query["timestamp"].ToString(), nonce = request.Query["nonce"].ToString();
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);

        string? message;
        if (request.Query["encrypt_type"] == "aes")
        {
            var encrypted = WeChatPushEvent.EncryptedPart(body);
            if (encrypted is null || !WeChatMessageCrypto.SignatureMatches(request.Query["msg_signature"], o.PushToken, timestamp, nonce, encrypted))
                return BadSignature();
            message = string.IsNullOrEmpty(o.EncodingAESKey) ? null : WeChatMessageCrypto.TryDecrypt(o.EncodingAESKey, o.AppId, encrypted);
            if (message is null) return BadSignature();
        }
        else
        {
            if (!WeChatMessageCrypto.SignatureMatches(request.Query["signature"], o.PushToken, timestamp, nonce)) return BadSignature();
            message = body;
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

    private static ProblemHttpResult BadSignature() =>
        TypedResults.Problem(title: "签名校验失败", detail: "消息推送的签名不正确。", statusCode: StatusCodes.Status401Unauthorized);

    private static ProblemHttpResult NotConfigured() =>
        TypedResults.Problem(title: "未配置微信消息推送", detail: "服务器未配置 WeChat:PushToken。", statusCode: StatusCodes.Status404NotFound);

    /// <summary>Category for this endpoint's log lines.</summary>
    public sealed class WeChatPushEndpointLog;
}
