using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mediation.Api.Credit;

public sealed record CreditSubject(string Kind, string Name, string? IdNumber, string? CreditCode);

public sealed record CreditIssuer(string Code, string BodyCode, string BodyName);

/// <summary>The record as the credit centre receives it. The subject's ID number or credit code is in full: the credit
/// centre is the lawful recipient (谁认定谁推送), and it is sent only over this signed channel.</summary>
public sealed record CreditCentreRecord(
    Guid RecordId,
    string Type,
    string TypeName,
    CreditSubject Subject,
    string CaseNumber,
    string? AgreementNumber,
    string EventDate,
    string Reason,
    int Points,
    CreditIssuer Issuer,
    Guid? RetractsRecordId,
    DateTime IssuedAt
);

public enum PushOutcome
{
    Delivered,
    Transient,
    Permanent,
}

public sealed record PushResult(PushOutcome Outcome, string? Detail);

/// <summary>
/// POSTs a record as JSON with <c>Idempotency-Key</c> (the record id, the same on every retry), <c>X-Timestamp</c>
/// (Unix seconds) and <c>X-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))</c>. 2xx (including the
/// centre's replay of a key it has seen) is delivered; 408, 429, 5xx and network errors are retried; other 4xx are
/// permanent (a bad record or bad credentials).
/// </summary>
public sealed class CreditCentreClient(HttpClient http, IOptions<CreditCentreOptions> options, TimeProvider clock)
{
    public const string SignatureHeader = "X-Signature";
    public const string TimestampHeader = "X-Timestamp";

    public async Task<PushResult> PushAsync(CreditCentreRecord record, CancellationToken ct)
    {
        var o = options.Value;
        var body = JsonSerializer.SerializeToUtf8Bytes(record, JsonSerializerOptions.Web);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, o.Endpoint)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", record.RecordId.ToString());
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, "sha256=" + Sign(o.Secret!, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
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
