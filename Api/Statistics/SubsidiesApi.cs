using System.Text.Json;
using Mediation.Api.Auth;
using Mediation.Api.Documents;
using Mediation.Api.ReferenceData;
using Microsoft.AspNetCore.Mvc;

namespace Mediation.Api.Statistics;

/// <summary>以案定补: the county's standard, and each body's monthly sheet, computed, approved by a supervisor and
/// then corrected only by adjustments. Who may do what is in docs/console-and-statistics.md, "以案定补".</summary>
public static class SubsidiesApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);

    public static IEndpointRouteBuilder MapSubsidiesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subsidies")
            .WithTags("Subsidies")
            .RequireAuthorization(StatisticsApi.Policy)
            .WithValidation();
        group.MapGet("/rules/{bodyId:guid}", GetRule).Named(nameof(GetRule), "区县的以案定补标准");
        group
            .MapPut("/rules/{bodyId:guid}", PutRule)
            .Named(nameof(PutRule), "设定区县的以案定补标准（管理员或区县主管）");
        group
            .MapPost("/sheets", ComputeSheet)
            .Named(nameof(ComputeSheet), "核算某调解组织某月的以案定补表（草稿；已批准的不能重算）");
        group
            .MapGet("/sheets", GetSheet)
            .Named(nameof(GetSheet), "某调解组织某月的以案定补表（format=xlsx 或 Accept 为 xlsx 时导出财务用表）");
        group
            .MapPost("/sheets/{id:guid}/approve", ApproveSheet)
            .Named(nameof(ApproveSheet), "主管批准以案定补表（批准后锁定）");
        group
            .MapPost("/sheets/{id:guid}/adjustments", AdjustSheet)
            .Named(nameof(AdjustSheet), "调整某调解员的补贴金额（须写明原因，留痕）");
        return app;
    }

    public static async Task<Results<Ok<SubsidyRuleResponse>, NotFound, ValidationProblem>> GetRule(
        Guid bodyId,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if (await CountyAsync(db, bodyId, ct) is not { } county)
            return Problems.Invalid("bodyId", "以案定补标准按区县设定，请选择区县一级的调解组织");
        if (!await StatisticsApi.MayReadAsync(user, db, bodyId, ct))
            return TypedResults.NotFound();
        var rule = await db.SubsidyRules.AsNoTracking().FirstOrDefaultAsync(r => r.BodyId == bodyId, ct);
        return rule is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(rule, county.Name));
    }

    public static async Task<Results<Ok<SubsidyRuleResponse>, NotFound, ValidationProblem>> PutRule(
        Guid bodyId,
        SubsidyRuleRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (await CountyAsync(db, bodyId, ct) is not { } county)
            return Problems.Invalid("bodyId", "以案定补标准按区县设定，请选择区县一级的调解组织");
        if (!await StatisticsApi.MayReadAsync(user, db, bodyId, ct))
            return TypedResults.NotFound();
        var rule = await db.SubsidyRules.FirstOrDefaultAsync(r => r.BodyId == bodyId, ct);
        if (rule is null)
        {
            rule = new SubsidyRule { BodyId = bodyId };
            db.SubsidyRules.Add(rule);
        }
        var before = rule.Version == 0 ? null : ToResponse(rule, county.Name);
        rule.SimpleCaseFen = request.SimpleCaseFen!.Value;
        rule.OrdinaryCaseFen = request.OrdinaryCaseFen!.Value;
        rule.ComplexCaseFen = request.ComplexCaseFen!.Value;
        rule.OrdinaryFromSessions = request.OrdinaryFromSessions!.Value;
        rule.ComplexFromSessions = request.ComplexFromSessions!.Value;
        rule.WrittenAgreementFen = request.WrittenAgreementFen!.Value;
        rule.OralAgreementFen = request.OralAgreementFen!.Value;
        rule.ReferralBonusFen = request.ReferralBonusFen!.Value;
        rule.MonthlyCapFen = request.MonthlyCapFen!.Value;
        rule.UpdatedById = user.GetUserId();
        rule.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        rule.Version++;
        audit.Record("SubsidyRuleSet", "MediationBody", bodyId, new { before, after = request });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(rule, county.Name));
    }

    public static async Task<
        Results<Ok<SubsidySheetResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > ComputeSheet(
        SubsidySheetRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var bodyId = request.BodyId!.Value;
        ReportMonth.TryParse(request.Month, out var month);
        var body = await db.Bodies.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bodyId, ct);
        if (body is null)
            return Problems.Invalid("bodyId", "调解组织不存在");
        if (!await StatisticsApi.MayReadAsync(user, db, bodyId, ct))
            return TypedResults.NotFound();
        var county = await SubsidyCalculator.CountyOfAsync(db, bodyId, ct);
        var rule = county is null
            ? null
            : await db.SubsidyRules.AsNoTracking().FirstOrDefaultAsync(r => r.BodyId == county.Id, ct);
        if (rule is null)
            return Problems.Conflict("尚未设定以案定补标准", "该调解组织所在区县尚未设定以案定补标准，请先设定。");

        var key = ReportMonth.Format(month);
        var sheet = await db
            .SubsidySheets.Include(s => s.Adjustments)
            .FirstOrDefaultAsync(s => s.BodyId == bodyId && s.Month == key, ct);
        if (sheet?.Status == SubsidySheetStatus.Approved)
            return Locked();
        var lines = await SubsidyCalculator.ComputeAsync(db, rule, bodyId, month, ct);
        var inserted = sheet is null;
        if (sheet is null)
        {
            sheet = new SubsidySheet
            {
                BodyId = bodyId,
                Month = key,
                LinesJson = "",
            };
            db.SubsidySheets.Add(sheet);
        }
        sheet.RuleBodyId = rule.BodyId;
        sheet.RuleVersion = rule.Version;
        sheet.LinesJson = JsonSerializer.Serialize(lines, Json);
        sheet.ComputedById = user.GetUserId();
        sheet.ComputedAt = clock.GetUtcNow().UtcDateTime;
        sheet.Version++;
        var response = ToResponse(sheet, body.Name);
        audit.Record(
            "SubsidySheetComputed",
            "SubsidySheet",
            sheet.Id,
            new
            {
                bodyId,
                month = key,
                ruleVersion = rule.Version,
                response.TotalFen,
            }
        );
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (inserted)
        {
            // Another request created the same body's month at the same instant (the unique key).
            return Problems.Conflict(
                Problems.ConcurrentChangeTitle,
                Problems.ConcurrentChangeDetail,
                Problems.Codes.ConcurrentChange
            );
        }
        return TypedResults.Ok(response);
    }

    public static async Task<
        Results<Ok<SubsidySheetResponse>, FileContentHttpResult, NotFound, ValidationProblem>
    > GetSheet(
        [AsParameters] SubsidySheetQuery query,
        HttpRequest http,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if ((query.BodyId ?? user.GetBodyId()) is not { } bodyId)
            return Problems.Invalid("bodyId", "请选择调解组织");
        ReportMonth.TryParse(query.Month, out var month);
        if (!await StatisticsApi.MayReadAsync(user, db, bodyId, ct))
            return TypedResults.NotFound();
        var key = ReportMonth.Format(month);
        var sheet = await db
            .SubsidySheets.AsNoTracking()
            .Include(s => s.Adjustments)
            .FirstOrDefaultAsync(s => s.BodyId == bodyId && s.Month == key, ct);
        if (sheet is null)
            return TypedResults.NotFound();
        var bodyName = await db.Bodies.Where(b => b.Id == bodyId).Select(b => b.Name).SingleAsync(ct);
        var response = ToResponse(sheet, bodyName);
        var xlsx =
            query.Format == "xlsx"
            || query.Format is null
                && http.Headers.Accept.Any(a =>
                    a?.Contains(StatisticsExport.XlsxType, StringComparison.OrdinalIgnoreCase) == true
                );
        return xlsx
            ? TypedResults.File(
                SubsidyExport.ToXlsx(response),
                StatisticsExport.XlsxType,
                SubsidyExport.FileName(response)
            )
            : TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<SubsidySheetResponse>, NotFound, ProblemHttpResult>> ApproveSheet(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var sheet = await db.SubsidySheets.Include(s => s.Adjustments).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (sheet is null || !await StatisticsApi.MayReadAsync(user, db, sheet.BodyId, ct))
            return TypedResults.NotFound();
        // Approval is the supervisor's signature on the sheet; an administrator keeps the system, not the budget.
        if (!user.IsInRole(StaffRoles.Supervisor))
            return Problems.Forbidden("只有主管可以批准以案定补表");
        if (sheet.Status == SubsidySheetStatus.Approved)
            return Locked();
        // A draft computed before the month was over may miss cases closed after it; approving it would lock them out.
        ReportMonth.TryParse(sheet.Month, out var month);
        if (sheet.ComputedAt < ReportMonth.UtcRange(month).To)
            return Problems.Conflict(
                "请在月份结束后重新核算再批准",
                $"该表核算于 {sheet.Month} 结束之前，可能漏计此后结案的案件；请在月份结束后重新核算，再批准。",
                Problems.Codes.WrongState
            );
        var me = user.GetUserId();
        sheet.Status = SubsidySheetStatus.Approved;
        sheet.ApprovedById = me;
        sheet.ApprovedByName = await db.StaffUsers.Where(s => s.Id == me).Select(s => s.DisplayName).SingleAsync(ct);
        sheet.ApprovedAt = clock.GetUtcNow().UtcDateTime;
        sheet.Version++;
        var bodyName = await db.Bodies.Where(b => b.Id == sheet.BodyId).Select(b => b.Name).SingleAsync(ct);
        var response = ToResponse(sheet, bodyName);
        audit.Record(
            "SubsidySheetApproved",
            "SubsidySheet",
            sheet.Id,
            new
            {
                sheet.BodyId,
                sheet.Month,
                response.TotalFen,
            }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<SubsidySheetResponse>, NotFound, ValidationProblem>> AdjustSheet(
        Guid id,
        SubsidyAdjustmentRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var sheet = await db.SubsidySheets.Include(s => s.Adjustments).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (sheet is null || !await StatisticsApi.MayReadAsync(user, db, sheet.BodyId, ct))
            return TypedResults.NotFound();
        var mediatorId = request.MediatorId!.Value;
        var before = ToResponse(sheet, "");
        var line = before.Lines.FirstOrDefault(l => l.MediatorId == mediatorId);
        var name = line?.DisplayName
            ?? await db
                .StaffUsers.Where(s => s.Id == mediatorId && s.BodyId == sheet.BodyId)
                .Select(s => s.DisplayName)
                .FirstOrDefaultAsync(ct);
        if (name is null)
            return Problems.Invalid("mediatorId", "该调解员不在本表所属调解组织");
        if ((line?.AmountFen ?? 0) + request.AmountFen!.Value < 0)
            return Problems.Invalid("amountFen", "调整后该调解员的补贴不能为负数");
        var adjustment = new SubsidyAdjustment
        {
            SheetId = sheet.Id,
            MediatorId = mediatorId,
            MediatorName = name,
            AmountFen = request.AmountFen.Value,
            Reason = request.Reason!.Trim(),
            ById = user.GetUserId(),
            At = clock.GetUtcNow().UtcDateTime,
        };
        // Adding to the set also puts it in the tracked sheet's Adjustments (EF's fix-up).
        db.SubsidyAdjustments.Add(adjustment);
        sheet.Version++;
        var bodyName = await db.Bodies.Where(b => b.Id == sheet.BodyId).Select(b => b.Name).SingleAsync(ct);
        var response = ToResponse(sheet, bodyName);
        audit.Record(
            "SubsidySheetAdjusted",
            "SubsidySheet",
            sheet.Id,
            new
            {
                mediatorId,
                adjustment.AmountFen,
                adjustment.Reason,
                totalBefore = before.TotalFen,
                totalAfter = response.TotalFen,
            }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(response);
    }

    private static async Task<MediationBody?> CountyAsync(AppDbContext db, Guid bodyId, CancellationToken ct) =>
        await db.Bodies.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bodyId && b.Level == BodyLevel.County, ct);

    private static ProblemHttpResult Locked() =>
        Problems.Conflict(
            "以案定补表已批准",
            "该月的以案定补表已经批准并锁定，不能重新核算或再次批准；如需更正，请以调整的方式写明原因。",
            Problems.Codes.WrongState
        );

    private static SubsidyRuleResponse ToResponse(SubsidyRule r, string bodyName) =>
        new(
            r.BodyId,
            bodyName,
            r.SimpleCaseFen,
            r.OrdinaryCaseFen,
            r.ComplexCaseFen,
            r.OrdinaryFromSessions,
            r.ComplexFromSessions,
            r.WrittenAgreementFen,
            r.OralAgreementFen,
            r.ReferralBonusFen,
            r.MonthlyCapFen,
            r.UpdatedById,
            r.UpdatedAt,
            r.Version
        );

    /// <summary>The computed lines, each with its adjustments; a mediator adjusted without a computed line gets one
    /// with no cases.</summary>
    internal static SubsidySheetResponse ToResponse(SubsidySheet s, string bodyName)
    {
        var computed = JsonSerializer.Deserialize<List<SubsidyComputedLine>>(s.LinesJson, Json) ?? [];
        var adjusted = s.Adjustments.ToLookup(a => a.MediatorId);
        var extra = s
            .Adjustments.Select(a => a.MediatorId)
            .Distinct()
            .Where(m => computed.All(c => c.MediatorId != m))
            .Select(m => new SubsidyComputedLine(m, "", [], 0, 0));
        var lines = computed
            .Concat(extra)
            .Select(c =>
            {
                var adjustment = adjusted[c.MediatorId].Sum(a => a.AmountFen);
                return new SubsidyMediatorLine(
                    c.MediatorId,
                    c.DisplayName,
                    c.Cases,
                    c.CasesFen,
                    c.CapDeductionFen,
                    adjustment,
                    c.CasesFen - c.CapDeductionFen + adjustment
                );
            })
            .ToList();
        var total = lines.Sum(l => l.AmountFen);
        return new SubsidySheetResponse(
            s.Id,
            s.BodyId,
            bodyName,
            s.Month,
            s.Status,
            s.RuleBodyId,
            s.RuleVersion,
            lines,
            s.Adjustments.OrderBy(a => a.At)
                .ThenBy(a => a.Id)
                .Select(a => new SubsidyAdjustmentResponse(
                    a.Id,
                    a.MediatorId,
                    a.MediatorName,
                    a.AmountFen,
                    a.Reason,
                    a.ById,
                    a.At
                ))
                .ToList(),
            total,
            ChineseText.Amount(total),
            s.ComputedAt,
            s.ApprovedById,
            s.ApprovedByName,
            s.ApprovedAt,
            s.Version
        );
    }
}
