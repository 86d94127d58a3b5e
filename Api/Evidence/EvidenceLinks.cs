using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mediation.Api.Infrastructure.Storage;
using Microsoft.Net.Http.Headers;

namespace Mediation.Api.Evidence;

public sealed record EvidenceLinkResponse(string Url, DateTime ExpiresAt);

/// <summary>
/// Signs the file-system store's short-lived links: HMAC-SHA256 over the evidence id and the expiry, with a key derived
/// from the token signing key (so nothing new to configure, and a link never doubles as a bearer token).
/// </summary>
public sealed class EvidenceLinkSigner(TokenIssuer.SigningKey signingKey)
{
    private readonly byte[] key = HMACSHA256.HashData(signingKey.Key.Key, "evidence-link/v1"u8);

    public string Sign(Guid evidenceId, long expiresUnix) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{evidenceId:N}.{expiresUnix}")));

    public bool Verify(Guid evidenceId, long expiresUnix, string? signature) =>
        signature is { Length: 64 }
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(evidenceId, expiresUnix)),
            Encoding.ASCII.GetBytes(signature.ToLowerInvariant())
        );
}

/// <summary>
/// A link an &lt;img&gt;, &lt;audio&gt; or &lt;video&gt; element (or wx.downloadFile) can load without the bearer
/// token: the same access check as the content endpoint, audited when issued, valid for at most five minutes. MinIO: a
/// presigned GET. File system: a signed address on this service that streams with Range support.
/// </summary>
public static class EvidenceLinks
{
    public const string FilePath = "/api/evidence/{evidenceId:guid}/file";

    public static async Task<Results<Ok<EvidenceLinkResponse>, NotFound>> GetEvidenceLink(
        Guid evidenceId,
        HttpContext http,
        AppDbContext db,
        IObjectStorage storage,
        IOptions<EvidenceOptions> options,
        EvidenceLinkSigner signer,
        TimeProvider clock,
        AuditLog audit,
        CancellationToken ct
    )
    {
        var user = http.User;
        if (await EvidenceRules.ReadableItemAsync(user, db, evidenceId, ct) is not { } item)
            return TypedResults.NotFound();

        var lifetime =
            options.Value.DownloadLinkLifetime <= TimeSpan.FromMinutes(5)
                ? options.Value.DownloadLinkLifetime
                : TimeSpan.FromMinutes(5);
        var now = clock.GetUtcNow();
        var expires = now.Add(lifetime);
        var url = (await storage.PresignGetAsync(item.StorageKey, lifetime, Inline(item.FileName), ct))?.ToString();
        if (url is null)
        {
            // Whole seconds, rounded down: the link never outlives what was promised.
            var unix = expires.ToUnixTimeSeconds();
            expires = DateTimeOffset.FromUnixTimeSeconds(unix);
            var request = http.Request;
            url =
                $"{request.Scheme}://{request.Host}{request.PathBase}/api/evidence/{item.Id}/file?expires={unix}&sig={signer.Sign(item.Id, unix)}";
        }
        await audit.WriteNowAsync(
            "EvidenceLinkIssued",
            "Evidence",
            item.Id,
            new
            {
                disputeId = item.DisputeId,
                item.Sha256,
                expiresAt = expires.UtcDateTime,
                staff = EvidenceRules.IsStaff(user),
            },
            "Succeeded",
            ct
        );
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new EvidenceLinkResponse(url, expires.UtcDateTime));
    }

    /// <summary>Shown in the tab (a PDF opens, a photo displays) under the name the party gave it.</summary>
    private static string Inline(string fileName)
    {
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(fileName);
        return disposition.ToString();
    }

    /// <summary>The signed link's target (no bearer token: the signature is the permission). Shown inline, so a PDF
    /// opens in the tab.</summary>
    public static async Task<Results<FileStreamHttpResult, NotFound, ProblemHttpResult>> GetLinkedFile(
        Guid evidenceId,
        long? expires,
        string? sig,
        HttpContext http,
        AppDbContext db,
        IObjectStorage storage,
        EvidenceLinkSigner signer,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (expires is not { } unix || !signer.Verify(evidenceId, unix, sig))
            return Problems.Forbidden("链接无效", "证据文件链接不完整或已被改动，请回到页面重新打开。");
        if (clock.GetUtcNow().ToUnixTimeSeconds() > unix)
            return Problems.Forbidden("链接已过期", "证据文件链接有效期为几分钟，请回到页面重新打开。");
        // A link issued just before the party withdrew the file stops working with the withdrawal.
        var item = await db
            .EvidenceItems.AsNoTracking()
            .FirstOrDefaultAsync(e => e.Id == evidenceId && e.WithdrawnAt == null, ct);
        if (item is null)
            return TypedResults.NotFound();

        var stream = await storage.OpenReadAsync(item.StorageKey, ct);
        http.Response.Headers.ContentDisposition = Inline(item.FileName);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store"; // as the content endpoint: evidence is not kept in browser caches
        return TypedResults.Stream(
            stream,
            item.ContentType,
            lastModified: item.UploadedAt,
            entityTag: new EntityTagHeaderValue($"\"{item.Sha256}\""),
            enableRangeProcessing: true
        );
    }
}
