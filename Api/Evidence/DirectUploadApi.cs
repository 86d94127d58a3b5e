using FluentValidation;
using Mediation.Api.Infrastructure.Storage;

namespace Mediation.Api.Evidence;

/// <summary>Large videos go straight from the phone to MinIO with a presigned POST policy; the API then checks what
/// arrived.</summary>
public static class DirectUploadApi
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);

    public static async Task<Results<Created<DirectUploadResponse>, NotFound, ProblemHttpResult>> StartDirectUpload(
        Guid id,
        StartDirectUploadRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        IObjectStorage storage,
        IOptions<EvidenceOptions> options,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var o = options.Value;
        var me = user.GetUserId();
        var dispute = await EvidenceRules.FindForPartyAsync(db, id, me, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        if (!storage.SupportsDirectUpload)
            return Problems.Conflict(
                "当前不支持直传",
                "直传需要 MinIO 对象存储，本服务当前使用本地文件存储。请改用 POST /api/disputes/{id}/evidence 通过服务端上传。"
            );
        if (EvidenceRules.CheckOpen(dispute) is { } closed)
            return closed;
        if (request.SizeBytes > o.LargestFileBytes)
            return EvidenceRules.TooLarge(null, o.LargestFileBytes);
        if (await EvidenceRules.CheckCaseQuotaAsync(db, id, o, request.SizeBytes, ct) is { } full)
            return full;

        var now = clock.GetUtcNow().UtcDateTime;
        var upload = new EvidenceUpload
        {
            DisputeId = id,
            UserId = me,
            FileName = request.FileName.Trim(),
            DeclaredSizeBytes = request.SizeBytes,
            DeclaredContentType = request.ContentType,
            Description = request.Description?.Trim(),
            Kind = request.Kind,
            CreatedAt = now,
            ExpiresAt = now + (o.DirectUploadLifetime < MaxLifetime ? o.DirectUploadLifetime : MaxLifetime),
            StorageKey = "",
        };
        // The key has no extension: the type is only known from the bytes, at completion.
        upload.StorageKey = $"disputes/{id:N}/uploads/{upload.Id:N}";
        // The policy allows exactly this key and at most the declared size: S3 itself refuses anything bigger.
        var form = await storage.PresignPostAsync(upload.StorageKey, request.SizeBytes, upload.ExpiresAt, ct);
        db.EvidenceUploads.Add(upload);
        audit.Record("EvidenceDirectUploadStarted", "Dispute", id, new { uploadId = upload.Id, request.SizeBytes });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(
            $"/api/disputes/{id}/evidence/uploads/{upload.Id}",
            new DirectUploadResponse(
                upload.Id,
                form.Url,
                form.Fields,
                upload.StorageKey,
                request.SizeBytes,
                upload.ExpiresAt
            )
        );
    }

    /// <summary>Re-reads the object, hashes it and checks size and type; records it (201) or deletes it and says why
    /// (4xx).</summary>
    public static async Task<Results<Created<EvidenceResponse>, NotFound, ProblemHttpResult>> CompleteDirectUpload(
        Guid id,
        Guid uploadId,
        ClaimsPrincipal user,
        AppDbContext db,
        IObjectStorage storage,
        IOptions<EvidenceOptions> options,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var o = options.Value;
        var me = user.GetUserId();
        var upload = await db.EvidenceUploads.FirstOrDefaultAsync(
            u => u.Id == uploadId && u.DisputeId == id && u.UserId == me,
            ct
        );
        var dispute = upload is null ? null : await EvidenceRules.FindForPartyAsync(db, id, me, ct);
        if (upload is null || dispute is null)
            return TypedResults.NotFound();
        if (upload.EvidenceId is { } done && await db.EvidenceItems.FindAsync([done], ct) is { } recorded)
            return TypedResults.Created($"/api/evidence/{recorded.Id}", recorded.ToResponse(me)); // a retried confirmation
        if (EvidenceRules.CheckOpen(dispute) is { } closed)
            return closed;
        if (await storage.StatAsync(upload.StorageKey, ct) is null)
            return Problems.Unprocessable("未找到已上传的文件", "请先把文件上传到返回的地址，再确认上传完成。");

        var check = await InspectAsync(storage, upload.StorageKey, Math.Max(upload.DeclaredSizeBytes, 1), ct);
        var refusal =
            check.Type is null ? EvidenceRules.UnsupportedType()
            : check.TooLarge || check.Size != upload.DeclaredSizeBytes
                ? Problems.Unprocessable(
                    "文件大小与申报不符",
                    $"申报大小为 {upload.DeclaredSizeBytes} 字节，实际上传的文件{(check.TooLarge ? "更大" : $"为 {check.Size} 字节")}。文件已删除，请重新上传。"
                )
            : check.Size > o.MaxBytesFor(check.Type.Kind)
                ? EvidenceRules.TooLarge(check.Type, o.MaxBytesFor(check.Type.Kind))
            : await EvidenceRules.CheckCaseQuotaAsync(db, id, o, check.Size, ct);
        if (refusal is not null)
        {
            await storage.DeleteAsync(upload.StorageKey, ct);
            await audit.WriteNowAsync(
                "EvidenceDirectUploadRefused",
                "Dispute",
                id,
                new { uploadId, reason = refusal.ProblemDetails.Title },
                "Refused",
                ct
            );
            return refusal;
        }

        var type = check.Type!;
        var item = new EvidenceItem
        {
            DisputeId = id,
            UploadedByUserId = me,
            StorageKey = upload.StorageKey,
            FileName = FileNames.ForDisplay(upload.FileName, type),
            ContentType = type.ContentType,
            Kind = type.Kind,
            SizeBytes = check.Size,
            Sha256 = check.Sha256!,
            Description = string.IsNullOrEmpty(upload.Description) ? null : upload.Description,
            UploadedAt = clock.GetUtcNow().UtcDateTime,
        };
        upload.CompletedAt = item.UploadedAt;
        upload.EvidenceId = item.Id;
        db.EvidenceItems.Add(item);
        audit.Record(
            "EvidenceUploaded",
            "Evidence",
            item.Id,
            new
            {
                disputeId = id,
                item.Sha256,
                item.SizeBytes,
                item.ContentType,
                via = "direct",
            }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/evidence/{item.Id}", item.ToResponse(me));
    }

    public sealed record Inspection(DetectedType? Type, long Size, string? Sha256, bool TooLarge);

    /// <summary>Reads a stored object once: its type from the first bytes, then its size and SHA-256, stopping past <paramref name="limit"/>.</summary>
    public static async Task<Inspection> InspectAsync(
        IObjectStorage storage,
        string key,
        long limit,
        CancellationToken ct
    )
    {
        await using var source = await storage.OpenReadAsync(key, ct);
        var head = new byte[FileTypes.HeadBytes];
        var peeked = await HashingStream.PeekAsync(source, head, ct);
        var type = FileTypes.Detect(head.AsSpan(0, peeked));
        if (type is null)
            return new(null, peeked, null, false);
        using var hashing = new HashingStream(head.AsMemory(0, peeked), source, limit);
        try
        {
            await hashing.CopyToAsync(Stream.Null, 81920, ct);
            return new(type, hashing.BytesRead, hashing.Sha256Hex(), false);
        }
        catch (FileTooLargeException)
        {
            return new(type, hashing.BytesRead, null, true);
        }
    }
}

public sealed record StartDirectUploadRequest(
    string FileName,
    long SizeBytes,
    string ContentType,
    string? Description,
    EvidenceKind? Kind
);

public sealed record DirectUploadResponse(
    Guid UploadId,
    string Url,
    IReadOnlyDictionary<string, string> Fields,
    string Key,
    long MaxBytes,
    DateTime ExpiresAt
);

public sealed class StartDirectUploadRequestValidator : AbstractValidator<StartDirectUploadRequest>
{
    public StartDirectUploadRequestValidator()
    {
        RuleFor(x => x.FileName)
            .NotEmpty()
            .WithMessage("请填写文件名")
            .MaximumLength(200)
            .WithMessage("文件名不能超过 200 个字符");
        RuleFor(x => x.SizeBytes).GreaterThan(0).WithMessage("请填写文件大小（字节）");
        RuleFor(x => x.ContentType)
            .NotEmpty()
            .WithMessage("请填写文件类型")
            .MaximumLength(100)
            .WithMessage("文件类型不能超过 100 个字符");
        RuleFor(x => x.Description).MaximumLength(500).WithMessage("说明不能超过 500 个字");
    }
}
