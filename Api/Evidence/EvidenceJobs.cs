using Hangfire;
using Mediation.Api.Infrastructure.Storage;

namespace Mediation.Api.Evidence;

/// <summary>
/// Removes what no evidence row will ever point at: direct uploads never completed (after they expire) and orphan
/// objects (an upload that crashed between storing the object and writing its row). Idempotent: safe to run twice.
/// </summary>
public sealed class EvidenceCleanupJob(
    AppDbContext db,
    IObjectStorage storage,
    AuditLog audit,
    TimeProvider clock,
    IOptions<EvidenceOptions> options,
    ILogger<EvidenceCleanupJob> logger
)
{
    public const string Id = "evidence-cleanup";

    [AutomaticRetry(Attempts = 2)]
    public async Task<(int Uploads, int Orphans)> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var grace = options.Value.OrphanGracePeriod;
        var expired = await db.EvidenceUploads.Where(u => u.CompletedAt == null && u.ExpiresAt < now).ToListAsync(ct);
        foreach (var upload in expired)
        {
            await storage.DeleteAsync(upload.StorageKey, ct);
            db.EvidenceUploads.Remove(upload);
            audit.Record("EvidenceDirectUploadExpired", "Dispute", upload.DisputeId, new { uploadId = upload.Id });
        }
        await db.SaveChangesAsync(ct);

        var orphans = 0;
        await foreach (var obj in storage.ListAsync("disputes/", ct))
        {
            if (obj.LastModifiedUtc is { } modified && now - modified < grace)
                continue; // may still be on its way to a row
            if (await db.EvidenceItems.AnyAsync(e => e.StorageKey == obj.Key, ct))
                continue;
            if (await db.EvidenceUploads.AnyAsync(u => u.StorageKey == obj.Key, ct))
                continue;
            await storage.DeleteAsync(obj.Key, ct);
            audit.Record("EvidenceOrphanRemoved", "StorageObject", null, new { key = obj.Key, obj.Size });
            orphans++;
        }
        await db.SaveChangesAsync(ct);
        if (expired.Count + orphans > 0)
            logger.LogInformation(
                "Evidence cleanup removed {Uploads} expired uploads and {Orphans} orphan objects",
                expired.Count,
                orphans
            );
        return (expired.Count, orphans);
    }
}

/// <summary>Re-hashes stored objects and flags any that no longer match the SHA-256 taken at upload (audit log + admin
/// view).</summary>
public sealed class EvidenceVerificationJob(
    AppDbContext db,
    IObjectStorage storage,
    AuditLog audit,
    TimeProvider clock,
    IOptions<EvidenceOptions> options
)
{
    public const string Id = "evidence-verification";

    [AutomaticRetry(Attempts = 2)]
    public async Task<VerificationRun> RunAsync(int? sampleSize, CancellationToken ct)
    {
        var take = sampleSize ?? options.Value.VerificationSampleSize;
        // Least recently verified first, so a sample run covers everything over time.
        var query = db
            .EvidenceItems.OrderBy(e => e.LastVerifiedAt != null)
            .ThenBy(e => e.LastVerifiedAt)
            .ThenBy(e => e.Id)
            .AsQueryable();
        if (take > 0)
            query = query.Take(take);
        var items = await query.ToListAsync(ct);
        var mismatches = 0;
        foreach (var item in items)
        {
            string? problem;
            try
            {
                var check = await storage.StatAsync(item.StorageKey, ct) is null
                    ? null
                    : await DirectUploadApi.InspectAsync(storage, item.StorageKey, long.MaxValue, ct);
                problem =
                    check is null ? "对象存储中找不到该文件"
                    : check.Sha256 is null ? "文件内容已无法识别为原类型"
                    : check.Sha256 != item.Sha256 || check.Size != item.SizeBytes
                        ? $"SHA-256 不一致：登记 {item.Sha256}，实际 {check.Sha256}（{check.Size} 字节）"
                    : null;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or Minio.Exceptions.MinioException)
            {
                problem = "读取文件失败：" + e.Message;
            }
            var now = clock.GetUtcNow().UtcDateTime;
            item.LastVerifiedAt = now;
            if (problem is null)
                continue;
            mismatches++;
            item.IntegrityFailedAt = now;
            item.IntegrityProblem = problem.Length > 500 ? problem[..500] : problem;
            audit.Record(
                "EvidenceIntegrityMismatch",
                "Evidence",
                item.Id,
                new { disputeId = item.DisputeId, problem },
                "Failed"
            );
        }
        await db.SaveChangesAsync(ct);
        return new VerificationRun(items.Count, mismatches);
    }
}

public sealed record VerificationRun(int Checked, int Mismatches);
