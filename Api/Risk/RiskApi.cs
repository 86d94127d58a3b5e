using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Risk;

/// <summary>The case's risk for staff who may see it (never for citizens), reports for supervisors, the lexicon for
/// administrators.</summary>
public static class RiskApi
{
    public const string SupervisorPolicy = "RiskSupervisor";

    public static IEndpointRouteBuilder MapRiskApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/risk").WithTags("Risk").RequireAuthorization(Policies.Staff).WithValidation();
        group.MapGet("/cases/{id:guid}", GetCaseRisk).WithName(nameof(GetCaseRisk)).WithSummary("案件风险评估与依据");
        group
            .MapPost("/cases/{id:guid}/level", SetCaseRiskLevel)
            .WithName(nameof(SetCaseRiskLevel))
            .WithSummary("人工调整风险等级（须写明理由）");
        group
            .MapGet("/reports", ListReports)
            .RequireAuthorization(SupervisorPolicy)
            .WithName(nameof(ListReports))
            .WithSummary("风险报告");
        group
            .MapPost("/reports/{id:guid}/acknowledge", AcknowledgeReport)
            .RequireAuthorization(SupervisorPolicy)
            .WithName(nameof(AcknowledgeReport))
            .WithSummary("确认风险报告并写明处置措施");
        group
            .MapGet("/lexicon", GetLexicon)
            .RequireAuthorization(Policies.Admin)
            .WithName(nameof(GetLexicon))
            .WithSummary("当前风险词库");
        group
            .MapGet("/lexicon/versions", ListLexiconVersions)
            .RequireAuthorization(Policies.Admin)
            .WithName(nameof(ListLexiconVersions))
            .WithSummary("风险词库的历史版本");
        group
            .MapPut("/lexicon", SaveLexicon)
            .RequireAuthorization(Policies.Admin)
            .WithName(nameof(SaveLexicon))
            .WithSummary("保存风险词库的新版本");
        return app;
    }

    public static async Task<Results<Ok<RiskCaseResponse>, NotFound>> GetCaseRisk(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var visible = await db.Disputes.VisibleToStaffAsync(user, db, ct);
        var d = await visible.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null)
            return TypedResults.NotFound();
        var assessments = await db
            .RiskAssessments.AsNoTracking()
            .Where(a => a.DisputeId == id)
            .OrderBy(a => a.At)
            .ToListAsync(ct);
        var overrides = await (
            from o in db.RiskOverrides.AsNoTracking()
            join s in db.StaffUsers.AsNoTracking() on o.StaffUserId equals s.Id
            where o.DisputeId == id
            orderby o.At
            select new RiskOverrideResponse(o.At, o.StaffUserId, s.DisplayName, o.From, o.To, o.Reason)
        ).ToListAsync(ct);
        var reports = await Reports(db).Where(r => r.Report.DisputeId == id).ToListAsync(ct);
        return TypedResults.Ok(
            new RiskCaseResponse(
                d.Id,
                d.RiskLevel,
                RiskReason.Parse(d.RiskReasonsJson),
                [
                    .. assessments.Select(a => new RiskAssessmentResponse(
                        a.At,
                        a.Trigger,
                        a.Computed,
                        a.Level,
                        RiskReason.Parse(a.ReasonsJson),
                        a.LexiconVersion
                    )),
                ],
                overrides,
                [.. reports.Select(r => r.ToResponse()).OrderBy(r => r.OpenedAt)]
            )
        );
    }

    /// <summary>A person's level stands: no assessment goes below it. Lowering dismisses the reasons known
    /// now.</summary>
    public static async Task<Results<Ok<RiskCaseResponse>, NotFound, ProblemHttpResult>> SetCaseRiskLevel(
        Guid id,
        SetRiskLevelRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        RiskCases cases,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var visible = await db.Disputes.VisibleToStaffAsync(user, db, ct);
        var d = await visible.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null)
            return TypedResults.NotFound();
        var (level, now) = (request.RiskLevel!.Value, clock.GetUtcNow().UtcDateTime);
        if (level == d.RiskLevel)
            return Problems.WrongState("风险等级未变", $"案件的风险等级已是「{RiskAlertJob.LevelName(level)}」。");
        var reasons = RiskReason.Parse(d.RiskReasonsJson);
        var before = d.RiskLevel;
        var change = new RiskOverride
        {
            DisputeId = id,
            At = now,
            StaffUserId = user.GetUserId(),
            From = before,
            To = level,
            Reason = request.Reason!.Trim(),
            DismissedCodes = level < before ? [.. reasons.Select(r => r.Code)] : [],
        };
        db.RiskOverrides.Add(change);
        d.RiskLevel = level;
        audit.Record(
            "RiskLevelSetByStaff",
            "Dispute",
            id,
            new
            {
                from = before.ToString(),
                to = level.ToString(),
                reason = change.Reason,
            }
        );
        await cases.FollowUpAsync(d, before, now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.ConcurrentChange();
        }
        return await GetCaseRisk(id, user, db, ct) is { Result: Ok<RiskCaseResponse> ok }
            ? ok
            : TypedResults.NotFound();
    }

    public static async Task<Ok<List<RiskReportResponse>>> ListReports(
        ClaimsPrincipal user,
        AppDbContext db,
        bool? open,
        CancellationToken ct
    )
    {
        var query = await VisibleReportsAsync(db, user, ct);
        if (open is { } o)
            query = query.Where(r => (r.Report.AcknowledgedAt == null) == o);
        var rows = await query.OrderBy(r => r.Report.DueAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => r.ToResponse()).ToList());
    }

    public static async Task<Results<Ok<RiskReportResponse>, NotFound, ProblemHttpResult>> AcknowledgeReport(
        Guid id,
        AcknowledgeReportRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (!await (await VisibleReportsAsync(db, user, ct)).AnyAsync(r => r.Report.Id == id, ct))
            return TypedResults.NotFound();
        var report = await db.RiskReports.FirstAsync(r => r.Id == id, ct);
        if (report.AcknowledgedAt is not null)
            return Problems.WrongState("风险报告已确认", "该风险报告已由他人确认，无需重复确认。");
        report.AcknowledgedAt = clock.GetUtcNow().UtcDateTime;
        report.AcknowledgedById = user.GetUserId();
        report.Note = request.Note!.Trim();
        report.Version++;
        audit.Record(
            "RiskReportAcknowledged",
            "RiskReport",
            id,
            new
            {
                disputeId = report.DisputeId,
                escalations = report.Escalations,
                note = report.Note,
            }
        );
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.ConcurrentChange("该风险报告刚被上报或确认，请刷新后再试。");
        }
        return TypedResults.Ok((await Reports(db).FirstAsync(r => r.Report.Id == id, ct)).ToResponse());
    }

    public static async Task<Ok<LexiconResponse>> GetLexicon(AppDbContext db, CancellationToken ct)
    {
        var v = await db.RiskLexiconVersions.AsNoTracking().OrderByDescending(x => x.Version).FirstAsync(ct);
        return TypedResults.Ok(
            new LexiconResponse(v.Version, v.CreatedAt, v.CreatedById, v.Note, RiskLexicon.Parse(v.Json))
        );
    }

    public static async Task<Ok<List<LexiconVersionSummary>>> ListLexiconVersions(
        AppDbContext db,
        CancellationToken ct
    ) =>
        TypedResults.Ok(
            await db
                .RiskLexiconVersions.AsNoTracking()
                .OrderByDescending(x => x.Version)
                .Select(v => new LexiconVersionSummary(v.Version, v.CreatedAt, v.CreatedById, v.Note))
                .ToListAsync(ct)
        );

    /// <summary>Saves the next version; new texts are assessed with it at once on this instance, within a minute on
    /// others.</summary>
    public static async Task<Results<Ok<LexiconResponse>, ProblemHttpResult>> SaveLexicon(
        SaveLexiconRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        RiskLexiconCache cache,
        UnitOfWork work,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var newest = await db.RiskLexiconVersions.MaxAsync(v => v.Version, ct);
        if (request.BasedOn != newest)
            return Problems.ConcurrentChange($"词库已有更新的版本 {newest}，请在其基础上修改。");
        var lexicon = request.Lexicon!;
        var version = new RiskLexiconVersion
        {
            Version = newest + 1,
            Json = lexicon.ToJson(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedById = user.GetUserId(),
            Note = request.Note?.Trim(),
        };
        db.RiskLexiconVersions.Add(version);
        audit.Record(
            "RiskLexiconSaved",
            "RiskLexicon",
            version.Version,
            new
            {
                basedOn = newest,
                categories = lexicon.Categories.Count,
                words = lexicon.Categories.Sum(c => c.Words.Count),
                note = version.Note,
            }
        );
        work.OnCommit(() => cache.Set(version.Version, lexicon));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.ConcurrentChange("词库刚被他人保存了新版本，请刷新后再修改。");
        }
        return TypedResults.Ok(
            new LexiconResponse(version.Version, version.CreatedAt, version.CreatedById, version.Note, lexicon)
        );
    }

    /// <summary>Reports a supervisor may see: those now held by a body in their jurisdiction, or about a case in
    /// it.</summary>
    private static async Task<IQueryable<ReportRow>> VisibleReportsAsync(
        AppDbContext db,
        ClaimsPrincipal user,
        CancellationToken ct
    )
    {
        if (user.IsInRole(StaffRoles.Admin))
            return Reports(db);
        var bodies = await DisputeAccess.JurisdictionAsync(user, db, ct);
        return Reports(db).Where(r => bodies.Contains(r.Report.AtBodyId) || bodies.Contains(r.CaseBodyId));
    }

    private sealed class ReportRow
    {
        public required RiskReport Report { get; init; }
        public required string CaseNumber { get; init; }
        public Guid CaseBodyId { get; init; }
        public required string AtBodyName { get; init; }

        public RiskReportResponse ToResponse() =>
            new(
                Report.Id,
                Report.DisputeId,
                CaseNumber,
                Report.OpenedAt,
                Report.AtBodyId,
                AtBodyName,
                Report.Escalations,
                Report.DueAt,
                Report.AcknowledgedAt,
                Report.AcknowledgedById,
                Report.Note
            );
    }

    private static IQueryable<ReportRow> Reports(AppDbContext db) =>
        from r in db.RiskReports.AsNoTracking()
        join d in db.Disputes.AsNoTracking() on r.DisputeId equals d.Id
        join b in db.Set<MediationBody>().AsNoTracking() on r.AtBodyId equals b.Id
        select new ReportRow
        {
            Report = r,
            CaseNumber = d.CaseNumber ?? d.ApplicationNumber,
            CaseBodyId = d.BodyId,
            AtBodyName = b.Name,
        };
}
