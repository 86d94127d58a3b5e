namespace Mediation.Api.Evidence;

/// <summary>The administrators' view of evidence integrity, and a way to run the checks now.</summary>
public static class EvidenceAdminApi
{
    public static IEndpointRouteBuilder MapEvidenceAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/evidence").WithTags("Evidence").RequireAuthorization(Policies.Admin);
        admin.MapGet("/integrity", GetIntegrity).Named(nameof(GetIntegrity), "证据完整性：校验失败的证据");
        admin.MapPost("/integrity/runs", RunVerification).Named(nameof(RunVerification), "立即校验（sample=0 为全部）");
        admin.MapPost("/cleanup/runs", RunCleanup).Named(nameof(RunCleanup), "立即清理过期直传与孤立文件");
        return app;
    }

    public static async Task<Ok<IntegrityReport>> GetIntegrity(AppDbContext db, CancellationToken ct)
    {
        var total = await db.EvidenceItems.CountAsync(ct);
        var verified = await db.EvidenceItems.CountAsync(e => e.LastVerifiedAt != null, ct);
        var lastRun = await db.EvidenceItems.MaxAsync(e => e.LastVerifiedAt, ct);
        var failed = await db
            .EvidenceItems.AsNoTracking()
            .Where(e => e.IntegrityFailedAt != null)
            .OrderByDescending(e => e.IntegrityFailedAt)
            .Select(e => new IntegrityFailure(
                e.Id,
                e.DisputeId,
                e.FileName,
                e.Sha256,
                e.SizeBytes,
                e.IntegrityFailedAt!.Value,
                e.IntegrityProblem
            ))
            .Take(500)
            .ToListAsync(ct);
        return TypedResults.Ok(new IntegrityReport(total, verified, lastRun, failed));
    }

    public static async Task<Ok<VerificationRun>> RunVerification(
        int? sample,
        EvidenceVerificationJob job,
        CancellationToken ct
    ) => TypedResults.Ok(await job.RunAsync(sample, ct));

    public static async Task<Ok<CleanupRun>> RunCleanup(EvidenceCleanupJob job, CancellationToken ct)
    {
        var (uploads, orphans) = await job.RunAsync(ct);
        return TypedResults.Ok(new CleanupRun(uploads, orphans));
    }
}

public sealed record IntegrityReport(
    int Total,
    int Verified,
    DateTime? LastVerifiedAt,
    List<IntegrityFailure> Failures
);

public sealed record IntegrityFailure(
    Guid Id,
    Guid DisputeId,
    string FileName,
    string Sha256,
    long SizeBytes,
    DateTime FailedAt,
    string? Problem
);

public sealed record CleanupRun(int ExpiredUploads, int OrphanObjects);
