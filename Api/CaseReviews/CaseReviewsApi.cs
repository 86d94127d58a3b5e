using Mediation.Api.Disputes;
using Mediation.Api.Statistics;

namespace Mediation.Api.CaseReviews;

/// <summary>案卷评查: the checklist, samples of closed cases, scoring, rectification and the quality scores
/// (docs/case-reviews.md).</summary>
public static class CaseReviewsApi
{
    /// <summary>Supervisors and administrators: draw, score, return, accept, read the scores.</summary>
    public const string SupervisorPolicy = "CaseReviewSupervisor";

    /// <summary>Any staff member: a mediator reads the reviews of their cases and reports a rectification done.</summary>
    public const string StaffPolicy = "CaseReviewStaff";

    public const string AdminPolicy = "CaseReviewAdmin";

    public static IEndpointRouteBuilder MapCaseReviewsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/case-reviews")
            .WithTags("CaseReviews")
            .RequireAuthorization(StaffPolicy)
            .WithValidation();
        group.MapGet("/checklist", GetChecklist).Named(nameof(GetChecklist), "当前的案卷评查标准（评查项目及满分）");
        group
            .MapPut("/checklist", CaseReviewChecklist.PutChecklist)
            .RequireAuthorization(AdminPolicy)
            .Named(
                nameof(CaseReviewChecklist.PutChecklist),
                "修改案卷评查标准（管理员；保存为新版本，已评分的案卷不受影响）"
            );
        group
            .MapPost("/samples", CaseReviewSamples.DrawSample)
            .RequireAuthorization(SupervisorPolicy)
            .Named(
                nameof(CaseReviewSamples.DrawSample),
                "抽取评查案卷（本组织及下级某月或某期间结案的案件；随机抽取或按条件）"
            );
        group
            .MapGet("/samples/{id:guid}", CaseReviewSamples.GetSample)
            .RequireAuthorization(SupervisorPolicy)
            .Named(nameof(CaseReviewSamples.GetSample), "一次抽查及其案卷");
        group
            .MapGet("/scores", CaseReviewQuality.GetScores)
            .RequireAuthorization(SupervisorPolicy)
            .Named(
                nameof(CaseReviewQuality.GetScores),
                "案卷质量评分（按组织、调解员和月份：平均分、评查数、退回整改数）"
            );
        group.MapGet("/mine", GetMine).Named(nameof(GetMine), "我承办案件的评查结果");
        group.MapGet("/{id:guid}", GetReview).Named(nameof(GetReview), "一件案卷的评查");
        group
            .MapPut("/{id:guid}/score", CaseReviewScoring.ScoreReview)
            .RequireAuthorization(SupervisorPolicy)
            .Named(nameof(CaseReviewScoring.ScoreReview), "按评查标准逐项打分（整改后可重新评分）");
        group
            .MapPost("/{id:guid}/return", CaseReviewScoring.ReturnReview)
            .RequireAuthorization(SupervisorPolicy)
            .Named(nameof(CaseReviewScoring.ReturnReview), "退回整改（限期；通知承办调解员，逾期每天催办）");
        group
            .MapPost("/{id:guid}/rectified", CaseReviewScoring.MarkRectified)
            .Named(nameof(CaseReviewScoring.MarkRectified), "承办调解员报告整改完成");
        group
            .MapPost("/{id:guid}/accept", CaseReviewScoring.AcceptReview)
            .RequireAuthorization(SupervisorPolicy)
            .Named(nameof(CaseReviewScoring.AcceptReview), "评查通过（结束评查）");
        return app;
    }

    public static async Task<Ok<ChecklistResponse>> GetChecklist(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(CaseReviewViews.ToResponse(await CaseReviewViews.CurrentChecklistAsync(db, ct)));

    public static async Task<Results<Ok<CaseReviewResponse>, NotFound>> GetReview(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var review = await (await CaseReviewViews.VisibleAsync(user, db, ct))
            .AsNoTracking()
            .Include(r => r.Scores)
            .FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null)
            return TypedResults.NotFound();
        return TypedResults.Ok((await CaseReviewViews.ToResponsesAsync(db, [review], ct))[0]);
    }

    /// <summary>The reviews of the cases the caller holds as mediator, newest first.</summary>
    public static async Task<Ok<CaseReviewList>> GetMine(ClaimsPrincipal user, AppDbContext db, CancellationToken ct)
    {
        var me = user.GetUserId();
        var held = db.DisputeMediators;
        var reviews = await db
            .CaseReviews.AsNoTracking()
            .Include(r => r.Scores)
            .Where(r => held.Any(m => m.DisputeId == r.DisputeId && m.StaffUserId == me && m.RemovedAt == null))
            .OrderByDescending(r => r.UpdatedAt)
            .Take(200)
            .ToListAsync(ct);
        return TypedResults.Ok(new CaseReviewList(await CaseReviewViews.ToResponsesAsync(db, reviews, ct)));
    }

    /// <summary>A month, or a range of China-time dates (both days included), as UTC instants.</summary>
    internal static (DateTime From, DateTime To) Range(string? month, DateOnly? from, DateOnly? to)
    {
        if (month is not null && ReportMonth.TryParse(month, out var m))
            return ReportMonth.UtcRange(m);
        return (ChinaTime.Utc(from!.Value, TimeSpan.Zero), ChinaTime.Utc(to!.Value.AddDays(1), TimeSpan.Zero));
    }
}
