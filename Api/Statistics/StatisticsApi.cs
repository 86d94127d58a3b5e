using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;
using Microsoft.AspNetCore.Mvc;

namespace Mediation.Api.Statistics;

public static class StatisticsApi
{
    /// <summary>Supervisors read their body and the bodies below it; administrators any body.</summary>
    public const string Policy = "Statistics";

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/stats").WithTags("Statistics").RequireAuthorization(Policy).WithValidation();
        group
            .MapGet("/monthly", GetMonthlyReport)
            .Named(nameof(GetMonthlyReport), "月度统计（本组织及下级；format=xlsx|csv 或 Accept 为 xlsx 时导出表格）");
        group
            .MapGet("/monthly/prevention", GetPrevention)
            .Named(nameof(GetPrevention), "本组织某月填报的防止民转刑、防止群体性上访件数");
        group
            .MapPut("/monthly/prevention", PutPrevention)
            .Named(nameof(PutPrevention), "填报防止民转刑、防止群体性上访件数");
        group
            .MapGet("/mediators", MediatorStatsApi.GetMediatorStats)
            .Named(
                nameof(MediatorStatsApi.GetMediatorStats),
                "调解员绩效（本组织及下级的调解员某月的办案数据；format=xlsx 或 Accept 为 xlsx 时导出表格）"
            );
        return app;
    }

    public static async Task<
        Results<Ok<MonthlyReport>, FileContentHttpResult, NotFound, ValidationProblem>
    > GetMonthlyReport(
        [AsParameters] MonthlyQuery query,
        HttpRequest http,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if ((query.BodyId ?? user.GetBodyId()) is not { } bodyId)
            return Problems.Invalid("bodyId", "请选择调解组织");
        // The validator already refuses a missing month; this keeps a report from ever being built for 0001-01.
        if (!ReportMonth.TryParse(query.Month, out var month))
            return MonthRequired();
        if (!await MayReadAsync(user, db, bodyId, ct))
            return TypedResults.NotFound();
        var report = await MonthlyReports.BuildAsync(db, bodyId, month, ct);

        var format = query.Format
            ?? (
                http.Headers.Accept.Any(a =>
                    a?.Contains(StatisticsExport.XlsxType, StringComparison.OrdinalIgnoreCase) == true
                )
                    ? "xlsx"
                    : "json"
            );
        return format switch
        {
            "xlsx" => TypedResults.File(
                StatisticsExport.ToXlsx(report),
                StatisticsExport.XlsxType,
                StatisticsExport.FileName(report, "xlsx")
            ),
            "csv" => TypedResults.File(
                StatisticsExport.ToCsv(report),
                "text/csv; charset=utf-8",
                StatisticsExport.FileName(report, "csv")
            ),
            _ => TypedResults.Ok(report),
        };
    }

    public static async Task<Results<Ok<PreventionResponse>, NotFound, ValidationProblem>> GetPrevention(
        Guid? bodyId,
        string? month,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if (!ReportMonth.TryParse(month, out var m))
            return MonthRequired();
        if ((bodyId ?? user.GetBodyId()) is not { } body)
            return Problems.Invalid("bodyId", "请选择调解组织");
        if (!await MayReadAsync(user, db, body, ct))
            return TypedResults.NotFound();
        var key = ReportMonth.Format(m);
        var row = await db
            .PreventionCounts.AsNoTracking()
            .FirstOrDefaultAsync(p => p.BodyId == body && p.Month == key, ct);
        return TypedResults.Ok(
            row is null ? new PreventionResponse(body, key, 0, 0, Guid.Empty, default) : ToResponse(row)
        );
    }

    public static async Task<Results<Ok<PreventionResponse>, NotFound, ValidationProblem>> PutPrevention(
        PreventionRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var bodyId = request.BodyId!.Value;
        if (!ReportMonth.TryParse(request.Month, out var month))
            return MonthRequired();
        if (!await MayReadAsync(user, db, bodyId, ct))
            return TypedResults.NotFound();
        var key = ReportMonth.Format(month);
        var row = await db.PreventionCounts.FirstOrDefaultAsync(p => p.BodyId == bodyId && p.Month == key, ct);
        if (row is null)
        {
            row = new PreventionCount { BodyId = bodyId, Month = key };
            db.PreventionCounts.Add(row);
        }
        var before = new { row.PreventedCriminalCases, row.PreventedMassPetitions };
        row.PreventedCriminalCases = request.PreventedCriminalCases!.Value;
        row.PreventedMassPetitions = request.PreventedMassPetitions!.Value;
        row.UpdatedById = user.GetUserId();
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(
            "PreventionCountsSet",
            "MediationBody",
            bodyId,
            new
            {
                month = key,
                before,
                after = new { row.PreventedCriminalCases, row.PreventedMassPetitions },
            }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(row));
    }

    /// <summary>Outside the caller's tree answers 404, as for cases: a body's figures are not revealed to other
    /// bodies.</summary>
    internal static async Task<bool> MayReadAsync(
        ClaimsPrincipal user,
        AppDbContext db,
        Guid bodyId,
        CancellationToken ct
    )
    {
        if (user.IsInRole(StaffRoles.Admin))
            return await db.Bodies.AnyAsync(b => b.Id == bodyId, ct);
        return user.IsInRole(StaffRoles.Supervisor)
            && (await DisputeAccess.JurisdictionAsync(user, db, ct)).Contains(bodyId);
    }

    internal static ValidationProblem MonthRequired() =>
        Problems.Invalid("month", "统计月份格式应为 yyyy-MM，如 2026-10");

    private static PreventionResponse ToResponse(PreventionCount p) =>
        new(p.BodyId, p.Month, p.PreventedCriminalCases, p.PreventedMassPetitions, p.UpdatedById, p.UpdatedAt);
}
