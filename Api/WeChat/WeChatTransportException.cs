namespace Mediation.Api.WeChat;

/// <summary>
/// WeChat could not be reached or did not answer with JSON: timeout, refused connection,
/// non-2xx status, unreadable body. WeChat's own errcodes are returned, not thrown.
/// The message never contains the request URI (it carries the secret or the access token).
/// </summary>
public sealed class WeChatTransportException(string path, string message, Exception? inner = null)
    : Exception($"WeChat {path}: {message}", inner)
{
    public string Path { get; } = path;
}
