using Mediation.Api.Disputes;

namespace Mediation.Api.Evidence;

/// <summary>Who may add or read evidence, and when. Outside these answers the case is 404, as everywhere
/// else.</summary>
public static class EvidenceRules
{
    /// <summary>Once a case has ended (closed, refused, lapsed or withdrawn) no more evidence is accepted.</summary>
    public static readonly DisputeStatus[] Ended =
    [
        DisputeStatus.Closed,
        DisputeStatus.Rejected,
        DisputeStatus.Lapsed,
        DisputeStatus.Withdrawn,
    ];

    /// <summary>Parties read the case's evidence; staff with jurisdiction and assigned mediators too (see <see
    /// cref="DisputeAccess"/>).</summary>
    public static async Task<IQueryable<Dispute>> ReadableCasesAsync(
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    ) =>
        user.GetKind() == Claims.CitizenKind
            ? db.Disputes.VisibleToCitizen(user.GetUserId())
            : await db.Disputes.VisibleToStaffAsync(user, db, ct);

    /// <summary>The item, when the caller may read its case and it is not withdrawn from them; otherwise
    /// null.</summary>
    public static async Task<EvidenceItem?> ReadableItemAsync(
        ClaimsPrincipal user,
        AppDbContext db,
        Guid evidenceId,
        CancellationToken ct
    )
    {
        var cases = await ReadableCasesAsync(user, db, ct);
        return await db
            .EvidenceItems.AsNoTracking()
            .VisibleTo(user, db)
            .Where(e => e.Id == evidenceId && cases.Any(d => d.Id == e.DisputeId))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>A withdrawn item is seen by its uploader only: it is hidden from staff and from the other
    /// parties. A file sent in one side's caucus room (背靠背) is read by that side's parties only, never by the other
    /// side's.</summary>
    public static IQueryable<EvidenceItem> VisibleTo(
        this IQueryable<EvidenceItem> items,
        ClaimsPrincipal user,
        AppDbContext db
    )
    {
        if (user.GetKind() != Claims.CitizenKind)
            return items.Where(e => e.WithdrawnAt == null);
        var me = user.GetUserId();
        var parties = db.Set<DisputeParty>();
        return items.Where(e =>
            (e.WithdrawnAt == null || e.UploadedByUserId == me)
            && (
                e.CaucusSide == null
                || e.UploadedByUserId == me
                || parties.Any(p => p.DisputeId == e.DisputeId && p.UserId == me && p.Role == e.CaucusSide)
            )
        );
    }

    /// <summary>The side a file is uploaded for (form field <c>caucusSide</c>): a party may name only a side they are
    /// on; staff any side.</summary>
    public static async Task<(PartyRole? Side, string? Error)> CaucusSideAsync(
        string? value,
        Guid disputeId,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if (string.IsNullOrEmpty(value))
            return (null, null);
        if (!Enum.TryParse<PartyRole>(value, ignoreCase: false, out var side) || !Enum.IsDefined(side))
            return (null, "背靠背一方只能是 Applicant、Respondent 或 ThirdParty");
        if (
            !IsStaff(user)
            && !await db.DisputeParties.AnyAsync(
                p => p.DisputeId == disputeId && p.UserId == user.GetUserId() && p.Role == side,
                ct
            )
        )
            return (null, "只能为您自己一方的背靠背调解室上传");
        return (side, null);
    }

    public static bool IsStaff(ClaimsPrincipal user) => user.GetKind() == Claims.StaffKind;

    public static Task<Dispute?> FindForPartyAsync(AppDbContext db, Guid disputeId, Guid me, CancellationToken ct) =>
        db.Disputes.AsNoTracking().VisibleToCitizen(me).FirstOrDefaultAsync(d => d.Id == disputeId, ct);

    /// <summary>The case a file is uploaded to through the API: a party's own case, or for staff a case they may see
    /// (the clerk keeps the scan of what was signed on paper with the case's evidence).</summary>
    public static async Task<Dispute?> FindForUploaderAsync(
        AppDbContext db,
        Guid disputeId,
        ClaimsPrincipal user,
        CancellationToken ct
    )
    {
        var disputes = db.Disputes.AsNoTracking();
        disputes = IsStaff(user)
            ? await disputes.VisibleToStaffAsync(user, db, ct)
            : disputes.VisibleToCitizen(user.GetUserId());
        return await disputes.FirstOrDefaultAsync(d => d.Id == disputeId, ct);
    }

    public static ProblemHttpResult? CheckOpen(Dispute dispute) =>
        Ended.Contains(dispute.Status)
            ? Problems.Conflict(
                "案件已终结，不能再提交证据",
                $"案件当前状态为「{DisputeStateMachine.DisplayName(dispute.Status)}」，不再接收新的证据材料。"
            )
            : null;

    /// <summary>Per-case limits (files and bytes), counting every stored item, withdrawn ones included: their objects
    /// are kept.</summary>
    public static async Task<ProblemHttpResult?> CheckCaseQuotaAsync(
        AppDbContext db,
        Guid disputeId,
        EvidenceOptions options,
        long incomingBytes,
        CancellationToken ct
    )
    {
        var items = db.EvidenceItems.Where(e => e.DisputeId == disputeId);
        if (await items.CountAsync(ct) >= options.MaxFilesPerCase)
            return Problems.Conflict("证据数量已达上限", $"每个案件最多提交 {options.MaxFilesPerCase} 份证据材料。");
        if ((await items.SumAsync(e => (long?)e.SizeBytes, ct) ?? 0) + incomingBytes > options.MaxBytesPerCase)
            return CaseFull(options);
        return null;
    }

    public static async Task<long> CaseBytesLeftAsync(
        AppDbContext db,
        Guid disputeId,
        EvidenceOptions options,
        CancellationToken ct
    ) =>
        options.MaxBytesPerCase
        - (await db.EvidenceItems.Where(e => e.DisputeId == disputeId).SumAsync(e => (long?)e.SizeBytes, ct) ?? 0);

    public static ProblemHttpResult CaseFull(EvidenceOptions options) =>
        Problems.TooLarge(
            "证据总大小超出限制",
            $"每个案件的证据材料合计不能超过 {Megabytes(options.MaxBytesPerCase)}。"
        );

    public static ProblemHttpResult TooLarge(DetectedType? type, long limit) =>
        Problems.TooLarge(
            "文件过大",
            type is null ? $"文件不能超过 {Megabytes(limit)}。" : $"{type.Label} 文件不能超过 {Megabytes(limit)}。"
        );

    public static ProblemHttpResult UnsupportedType() =>
        Problems.UnsupportedMediaType(
            "不支持的文件类型",
            $"文件类型由文件内容判断，与文件名无关。只能上传{FileTypes.AllowedDescription}。"
        );

    public static string Megabytes(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes / (1024.0 * 1024):0.#} MB";

    public static EvidenceResponse ToResponse(this EvidenceItem e, Guid? me) =>
        new(
            e.Id,
            e.FileName,
            e.ContentType,
            e.Kind,
            e.SizeBytes,
            e.Sha256,
            e.Description,
            e.UploadedAt,
            me is { } id && e.UploadedByUserId == id,
            e.WithdrawnAt,
            e.WithdrawnReason
        );
}

public sealed record EvidenceResponse(
    Guid Id,
    string FileName,
    string ContentType,
    EvidenceKind Kind,
    long SizeBytes,
    string Sha256,
    string? Description,
    DateTime UploadedAt,
    bool UploadedByMe,
    DateTime? WithdrawnAt,
    string? WithdrawnReason
);

public sealed record EvidenceList(List<EvidenceResponse> Items);
