using FluentValidation;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.RateLimiting;
using Mediation.Api.Infrastructure.Storage;
using Microsoft.Net.Http.Headers;

namespace Mediation.Api.Evidence;

public static class EvidenceApi
{
    public static IEndpointRouteBuilder MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        var parties = app.MapGroup("/api/disputes/{id:guid}/evidence")
            .WithTags("Evidence")
            .RequireAuthorization(Policies.Citizen)
            .WithValidation();
        // Parties, and staff who may see the case (a scan of what was signed on paper, a photo taken at a visit).
        app.MapGroup("/api/disputes/{id:guid}/evidence")
            .WithTags("Evidence")
            .RequireAuthorization()
            .MapPost("/", EvidenceUploadApi.UploadEvidence)
            .RateLimited(RateLimits.Uploads)
            .Named(
                nameof(EvidenceUploadApi.UploadEvidence),
                "上传证据（multipart/form-data：file，可选 description、kind；当事人或有权查看案件的工作人员）"
            )
            .DisableAntiforgery();
        parties
            .MapPost("/uploads", DirectUploadApi.StartDirectUpload)
            .RateLimited(RateLimits.Uploads)
            .Named(nameof(DirectUploadApi.StartDirectUpload), "申请直传 MinIO（预签名 POST）");
        parties
            .MapPost("/uploads/{uploadId:guid}/complete", DirectUploadApi.CompleteDirectUpload)
            .Named(nameof(DirectUploadApi.CompleteDirectUpload), "确认直传完成");
        parties
            .MapPost("/{evidenceId:guid}/withdraw", WithdrawEvidence)
            .Named(nameof(WithdrawEvidence), "撤回证据（受理前，仅上传人）");

        // Parties, assigned mediators and staff with jurisdiction read evidence; every staff read is audited.
        var readers = app.MapGroup("/api").WithTags("Evidence").RequireAuthorization();
        readers.MapGet("/disputes/{id:guid}/evidence", ListEvidence).Named(nameof(ListEvidence), "证据列表");
        readers
            .MapGet("/evidence/{evidenceId:guid}/content", GetEvidenceContent)
            .Named(nameof(GetEvidenceContent), "证据文件内容");
        readers
            .MapGet("/evidence/{evidenceId:guid}/link", EvidenceLinks.GetEvidenceLink)
            .Named(
                nameof(EvidenceLinks.GetEvidenceLink),
                "证据文件的短时链接（≤ 5 分钟，供 img/video 直接加载；签发即记录日志）"
            );
        // The signature in the address is the permission: <img src> cannot send the bearer token.
        app.MapGet(EvidenceLinks.FilePath, EvidenceLinks.GetLinkedFile)
            .WithTags("Evidence")
            .AllowAnonymous()
            .Named(nameof(EvidenceLinks.GetLinkedFile), "短时链接指向的证据文件（文件系统存储）");

        return app;
    }

    public static async Task<Results<Ok<EvidenceList>, NotFound>> ListEvidence(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        CancellationToken ct
    )
    {
        var cases = await EvidenceRules.ReadableCasesAsync(user, db, ct);
        if (!await cases.AnyAsync(d => d.Id == id, ct))
            return TypedResults.NotFound();
        var items = await db
            .EvidenceItems.AsNoTracking()
            .Where(e => e.DisputeId == id)
            .VisibleTo(user, db)
            .OrderBy(e => e.UploadedAt)
            .ToListAsync(ct);
        var me = EvidenceRules.IsStaff(user) ? (Guid?)null : user.GetUserId();
        if (EvidenceRules.IsStaff(user))
            await audit.WriteNowAsync("EvidenceListed", "Dispute", id, new { count = items.Count }, "Succeeded", ct);
        return TypedResults.Ok(new EvidenceList(items.Select(e => e.ToResponse(me)).ToList()));
    }

    public static async Task<Results<RedirectHttpResult, FileStreamHttpResult, NotFound>> GetEvidenceContent(
        Guid evidenceId,
        HttpContext http,
        AppDbContext db,
        IObjectStorage storage,
        IOptions<EvidenceOptions> options,
        AuditLog audit,
        CancellationToken ct
    )
    {
        var user = http.User;
        if (await EvidenceRules.ReadableItemAsync(user, db, evidenceId, ct) is not { } item)
            return TypedResults.NotFound();
        if (EvidenceRules.IsStaff(user))
            await audit.WriteNowAsync(
                "EvidenceRead",
                "Evidence",
                item.Id,
                new { disputeId = item.DisputeId, item.Sha256 },
                "Succeeded",
                ct
            );

        var lifetime =
            options.Value.DownloadLinkLifetime <= TimeSpan.FromMinutes(5)
                ? options.Value.DownloadLinkLifetime
                : TimeSpan.FromMinutes(5);
        if (await storage.PresignGetAsync(item.StorageKey, lifetime, contentDisposition: null, ct) is { } url)
        {
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Redirect(url.ToString());
        }
        var stream = await storage.OpenReadAsync(item.StorageKey, ct);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(
            stream,
            item.ContentType,
            item.FileName,
            lastModified: item.UploadedAt,
            entityTag: new EntityTagHeaderValue($"\"{item.Sha256}\""),
            enableRangeProcessing: true
        );
    }

    public static async Task<Results<Ok<EvidenceResponse>, NotFound, ProblemHttpResult>> WithdrawEvidence(
        Guid id,
        Guid evidenceId,
        WithdrawEvidenceRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var dispute = await EvidenceRules.FindForPartyAsync(db, id, me, ct);
        var item = dispute is null
            ? null
            : await db.EvidenceItems.FirstOrDefaultAsync(e => e.Id == evidenceId && e.DisputeId == id, ct);
        if (item is null || (item.WithdrawnAt is not null && item.UploadedByUserId != me))
            return TypedResults.NotFound();
        if (item.UploadedByUserId != me)
            return Problems.Forbidden("只有上传人可以撤回证据");
        if (item.WithdrawnAt is not null)
            return Problems.Conflict("该证据已撤回", "该证据已经撤回，无需重复操作。");
        if (
            await db.DisputeStatusChanges.AnyAsync(c => c.DisputeId == id && c.To == DisputeStatus.Accepted, ct)
            || EvidenceRules.Ended.Contains(dispute!.Status)
        )
            return Problems.Conflict("案件受理后不能撤回证据", "案件已受理（或已终结），证据材料只能补充，不能撤回。");

        item.WithdrawnAt = clock.GetUtcNow().UtcDateTime;
        item.WithdrawnReason = request.Reason?.Trim() is { Length: > 0 } reason ? reason : null;
        audit.Record("EvidenceWithdrawn", "Evidence", item.Id, new { disputeId = id, reason = item.WithdrawnReason });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(item.ToResponse(me));
    }

    /// <summary>Evidence events for the case timeline, as the given user may see them.</summary> <summary>Evidence on
    /// the case's timeline: what the caller may see of it (a party sees what is shared with them).</summary>
    internal sealed class Timeline : ITimelineContributor
    {
        public async Task<IEnumerable<TimelineItem>> ItemsAsync(
            AppDbContext db,
            Guid disputeId,
            ClaimsPrincipal user,
            CancellationToken ct
        ) => await TimelineAsync(db, disputeId, user, ct);
    }

    public static async Task<List<TimelineItem>> TimelineAsync(
        AppDbContext db,
        Guid disputeId,
        ClaimsPrincipal user,
        CancellationToken ct
    )
    {
        var items = await db
            .EvidenceItems.AsNoTracking()
            .Where(e => e.DisputeId == disputeId)
            .VisibleTo(user, db)
            .ToListAsync(ct);
        return items
            .Select(e => new TimelineItem(e.UploadedAt, "EvidenceAdded", "提交证据", null, null, e.FileName))
            .Concat(
                items
                    .Where(e => e.WithdrawnAt != null)
                    .Select(e => new TimelineItem(
                        e.WithdrawnAt!.Value,
                        "EvidenceWithdrawn",
                        "撤回证据",
                        null,
                        null,
                        e.WithdrawnReason is null ? e.FileName : $"{e.FileName}：{e.WithdrawnReason}"
                    ))
            )
            .ToList();
    }
}

public sealed record WithdrawEvidenceRequest(string? Reason);

public sealed class WithdrawEvidenceRequestValidator : AbstractValidator<WithdrawEvidenceRequest>
{
    public WithdrawEvidenceRequestValidator() =>
        RuleFor(x => x.Reason).MaximumLength(500).WithMessage("撤回理由不能超过 500 个字");
}
