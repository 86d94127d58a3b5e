using System.Security.Cryptography;
using System.Text.Json;

namespace Mediation.Api.Infrastructure.Idempotency;

/// <summary>
/// Idempotency-Key handling for POSTs that create something. The record is written in the same
/// transaction as what it creates; the unique (user, key) index makes a concurrent duplicate fail,
/// and that loser then replays the winner's committed response.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 100;

    public static ProblemHttpResult? CheckKey(string? key) =>
        string.IsNullOrWhiteSpace(key)
            ? Problems.BadRequest(
                "缺少 Idempotency-Key 请求头",
                "创建类请求须携带 Idempotency-Key 请求头（每次新操作使用一个新的随机值，重试时保持不变）。"
            )
        : key.Length > MaxLength || key.Any(c => c < 0x21 || c > 0x7e)
            ? Problems.BadRequest(
                "Idempotency-Key 格式不正确",
                $"Idempotency-Key 应为不超过 {MaxLength} 个可见 ASCII 字符。"
            )
        : null;

    public static string HashRequest<T>(T request) =>
        Convert.ToHexStringLower(
            SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, JsonSerializerOptions.Web))
        );

    public static Task<IdempotencyRecord?> FindAsync(AppDbContext db, Guid userId, string key, CancellationToken ct) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, ct);

    /// <summary>The stored response if the retry carries the same request; a 422 if the key was used for a different
    /// one.</summary>
    public static (T? Response, ProblemHttpResult? Mismatch) Replay<T>(
        IdempotencyRecord record,
        string operation,
        string requestHash
    ) =>
        record.Operation == operation && record.RequestHash == requestHash
            ? (JsonSerializer.Deserialize<T>(record.ResponseJson, JsonSerializerOptions.Web), null)
            : (
                default,
                Problems.Unprocessable(
                    "Idempotency-Key 已用于其他请求",
                    "该 Idempotency-Key 已用于内容不同的请求。新的操作请使用新的 Idempotency-Key。"
                )
            );

    public static IdempotencyRecord Record<T>(
        Guid userId,
        string key,
        string operation,
        string requestHash,
        Guid resourceId,
        T response,
        DateTime now
    ) =>
        new()
        {
            UserId = userId,
            Key = key,
            Operation = operation,
            RequestHash = requestHash,
            ResourceId = resourceId,
            ResponseJson = ResponseJson(response),
            CreatedAt = now,
        };

    public static string ResponseJson<T>(T response) => JsonSerializer.Serialize(response, JsonSerializerOptions.Web);
}
