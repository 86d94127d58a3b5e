using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mediation.Api.Infrastructure.Outbox;

public enum PushOutcome
{
    Delivered,
    Transient,
    Permanent,
}

public sealed record PushResult(PushOutcome Outcome, string? Detail);

/// <summary>
/// The one way we push a record to another authority (the credit centre, a referring court or office): POSTs it as JSON
/// with <c>Idempotency-Key</c> (the record id, the same on every retry), <c>X-Timestamp</c> (Unix seconds) and
/// <c>X-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))</c>. 2xx (including the receiver's replay of
/// a key it has seen) is delivered; 408, 429, 5xx and network errors are retried; other 4xx are permanent (a bad record
/// or bad credentials).
/// </summary>
public sealed class SignedPushClient(HttpClient http, TimeProvider clock)
{
    public const string SignatureHeader = "X-Signature";
    public const string TimestampHeader = "X-Timestamp";

    public async Task<PushResult> PushAsync<T>(
        string endpoint,
        string secret,
        Guid idempotencyKey,
        T payload,
        TimeSpan timeout,
        CancellationToken ct
    )
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, JsonSerializerOptions.Web);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", idempotencyKey.ToString());
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, "sha256=" + Sign(secret, timestamp, body));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, limit.Token);
            var text = await response.Content.ReadAsStringAsync(limit.Token);
            var detail = $"HTTP {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}";
            if (response.IsSuccessStatusCode)
                return new(PushOutcome.Delivered, null);
            return
                response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
                || (int)response.StatusCode >= 500
                ? new(PushOutcome.Transient, detail)
                : new(PushOutcome.Permanent, detail);
        }
        catch (HttpRequestException e)
        {
            return new(PushOutcome.Transient, e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(PushOutcome.Transient, "timeout");
        }
    }

    public static string Sign(string secret, string timestamp, byte[] body)
    {
        var message = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }
}
