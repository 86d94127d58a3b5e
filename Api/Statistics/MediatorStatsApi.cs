using Mediation.Api.Auth;
using Mediation.Api.ReferenceData;
using Microsoft.AspNetCore.Mvc;

namespace Mediation.Api.Statistics;

/// <summary>GET /api/stats/mediators: the performance table (调解员绩效) of a body and the bodies below it.</summary>
public static class MediatorStatsApi
{
    public static async Task<
        Results<Ok<MediatorPerformanceReport>, FileContentHttpResult, NotFound, ValidationProblem>
    > GetMediatorStats(
        [AsParameters] MediatorStatsQuery query,
        HttpRequest http,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if ((query.BodyId ?? user.GetBodyId()) is not { } bodyId)
            return Problems.Invalid("bodyId", "请选择调解组织");
        if (!ReportMonth.TryParse(query.Month, out var month))
            return StatisticsApi.MonthRequired();
        // An id that names no body is a mistake in the request, not a secret: only existing bodies of other towns
        // answer 404.
        if (!await db.Bodies.AnyAsync(b => b.Id == bodyId, ct))
            return Problems.Invalid("bodyId", "调解组织不存在");
        if (!await StatisticsApi.MayReadAsync(user, db, bodyId, ct))
            return TypedResults.NotFound();
        var report = await MediatorPerformance.BuildAsync(db, bodyId, month, ct);

        var xlsx =
            query.Format == "xlsx"
            || query.Format is null
                && http.Headers.Accept.Any(a =>
                    a?.Contains(StatisticsExport.XlsxType, StringComparison.OrdinalIgnoreCase) == true
                );
        return xlsx
            ? TypedResults.File(
                MediatorPerformanceExport.ToXlsx(report),
                StatisticsExport.XlsxType,
                MediatorPerformanceExport.FileName(report)
            )
            : TypedResults.Ok(report);
    }
}
