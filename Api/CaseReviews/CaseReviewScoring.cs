using Mediation.Api.Disputes;
using Mediation.Api.Notifications;

namespace Mediation.Api.CaseReviews;

/// <summary>
/// A review's course: Pending → Scored → (Returned → Rectified → Scored again, or) Accepted. A supervisor scores,
/// returns for rectification (整改) with a deadline and accepts; the case's mediator reports the rectification done.
/// </summary>
public static class CaseReviewScoring
{
    public static async Task<
        Results<Ok<CaseReviewResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > ScoreReview(
        Guid id,
        ScoreRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (await SupervisedAsync(id, user, db, ct) is not { } review)
            return TypedResults.NotFound();
        if (Stale(review, request.Version) is { } stale)
            return stale;
        if (review.Status is not (CaseReviewStatus.Pending or CaseReviewStatus.Scored or CaseReviewStatus.Rectified))
            return WrongState(review, "评分");
        var items = await db
            .ReviewChecklistItems.AsNoTracking()
            .Where(i => i.ChecklistId == review.ChecklistId)
            .ToListAsync(ct);
        var errors = new Dictionary<string, string[]>();
        var scores = request.Scores!;
        for (var n = 0; n < scores.Count; n++)
        {
            var item = items.FirstOrDefault(i => i.Code == scores[n].ItemCode);
            if (item is null)
                errors[$"scores[{n}].itemCode"] = [$"评查标准中没有项目 {scores[n].ItemCode}"];
            else if (scores.Take(n).Any(s => s.ItemCode == item.Code))
                errors[$"scores[{n}].itemCode"] = [$"项目“{item.Title}”重复打分"];
            else if (scores[n].Points > item.MaxPoints)
                errors[$"scores[{n}].points"] = [$"项目“{item.Title}”满分 {item.MaxPoints} 分，得分不能超过满分"];
        }
        var missing = items.Where(i => scores.All(s => s.ItemCode != i.Code)).Select(i => i.Title).ToList();
        if (missing.Count > 0)
            errors["scores"] = [$"还有项目未打分：{string.Join("、", missing)}"];
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        var before = new { review.Status, review.TotalPoints };
        db.CaseReviewScores.RemoveRange(review.Scores);
        review.Scores = scores
            .Select(s => new CaseReviewScore
            {
                ReviewId = review.Id,
                ItemId = items.Single(i => i.Code == s.ItemCode).Id,
                Points = s.Points!.Value,
                Note = string.IsNullOrWhiteSpace(s.Note) ? null : s.Note.Trim(),
            })
            .ToList();
        review.TotalPoints = review.Scores.Sum(s => s.Points);
        review.MaxPoints = items.Sum(i => i.MaxPoints);
        review.Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        review.Status = CaseReviewStatus.Scored;
        review.ScoredAt = Touch(review, clock);
        review.ScoredById = user.GetUserId();
        audit.Record(
            "CaseReviewScored",
            "CaseReview",
            review.Id,
            new
            {
                caseId = review.DisputeId,
                before,
                review.TotalPoints,
                review.MaxPoints,
                scores = scores.Select(s => new { s.ItemCode, s.Points }),
            }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok((await CaseReviewViews.ToResponsesAsync(db, [review], ct))[0]);
    }

    public static async Task<
        Results<Ok<CaseReviewResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > ReturnReview(
        Guid id,
        ReturnRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        Notifier notifier,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (await SupervisedAsync(id, user, db, ct) is not { } review)
            return TypedResults.NotFound();
        if (Stale(review, request.Version) is { } stale)
            return stale;
        if (review.Status is not (CaseReviewStatus.Scored or CaseReviewStatus.Rectified))
            return WrongState(review, "退回整改");
        var now = clock.GetUtcNow().UtcDateTime;
        if (request.Deadline < ChinaTime.Date(now))
            return Problems.Invalid("deadline", "整改期限不能早于今天");
        review.Status = CaseReviewStatus.Returned;
        review.RectificationDueOn = request.Deadline;
        review.RectificationReason = request.Reason!.Trim();
        review.ReturnedAt = Touch(review, clock);
        review.TimesReturned++;
        review.RectifiedAt = null;
        review.RectificationReply = null;

        var number = await db
            .Disputes.Where(d => d.Id == review.DisputeId)
            .Select(d => d.CaseNumber ?? d.ApplicationNumber)
            .SingleAsync(ct);
        var notice = new Notice(
            "CaseReviewReturned",
            "CaseReviewReturned",
            "案卷评查：退回整改",
            $"案件 {number} 的卷宗经评查需要整改：{review.RectificationReason}。请于 {request.Deadline:yyyy年M月d日} 前整改完毕并报告。",
            review.DisputeId,
            null,
            []
        );
        foreach (var mediator in await MediatorsAsync(db, review.DisputeId, ct))
            await notifier.StageAsync(
                Recipient.Staff(mediator),
                notice,
                $"review-returned:{review.Id:N}:{review.TimesReturned}:{mediator:N}",
                now,
                ct
            );
        audit.Record(
            "CaseReviewReturned",
            "CaseReview",
            review.Id,
            new
            {
                caseId = review.DisputeId,
                deadline = request.Deadline,
                reason = review.RectificationReason,
            }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok((await CaseReviewViews.ToResponsesAsync(db, [review], ct))[0]);
    }

    public static async Task<Results<Ok<CaseReviewResponse>, NotFound, ProblemHttpResult>> MarkRectified(
        Guid id,
        RectifiedRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        Notifier notifier,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var held = db.DisputeMediators;
        var review = await db
            .CaseReviews.Include(r => r.Scores)
            .FirstOrDefaultAsync(
                r =>
                    r.Id == id
                    && held.Any(m => m.DisputeId == r.DisputeId && m.StaffUserId == me && m.RemovedAt == null),
                ct
            );
        if (review is null)
            return TypedResults.NotFound();
        if (review.Status != CaseReviewStatus.Returned)
            return WrongState(review, "报告整改完成");
        review.Status = CaseReviewStatus.Rectified;
        review.RectifiedAt = Touch(review, clock);
        review.RectificationReply = string.IsNullOrWhiteSpace(request.Reply) ? null : request.Reply.Trim();
        if (review.ScoredById is { } supervisor)
            await notifier.StageAsync(
                Recipient.Staff(supervisor),
                new Notice(
                    "CaseReviewRectified",
                    "CaseReviewRectified",
                    "案卷评查：整改完成",
                    "承办调解员已报告卷宗整改完成，请重新评分或评查通过。",
                    review.DisputeId,
                    null,
                    [],
                    InAppOnly: true
                ),
                $"review-rectified:{review.Id:N}:{review.TimesReturned}",
                review.RectifiedAt.Value,
                ct
            );
        audit.Record(
            "CaseReviewRectified",
            "CaseReview",
            review.Id,
            new { caseId = review.DisputeId, reply = review.RectificationReply }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok((await CaseReviewViews.ToResponsesAsync(db, [review], ct))[0]);
    }

    public static async Task<Results<Ok<CaseReviewResponse>, NotFound, ProblemHttpResult>> AcceptReview(
        Guid id,
        AcceptRequest? request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (await SupervisedAsync(id, user, db, ct) is not { } review)
            return TypedResults.NotFound();
        if (Stale(review, request?.Version) is { } stale)
            return stale;
        if (review.Status is not (CaseReviewStatus.Scored or CaseReviewStatus.Rectified))
            return WrongState(review, "评查通过");
        review.Status = CaseReviewStatus.Accepted;
        Touch(review, clock);
        audit.Record(
            "CaseReviewAccepted",
            "CaseReview",
            review.Id,
            new { caseId = review.DisputeId, review.TotalPoints }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok((await CaseReviewViews.ToResponsesAsync(db, [review], ct))[0]);
    }

    internal static Task<List<Guid>> MediatorsAsync(AppDbContext db, Guid disputeId, CancellationToken ct) =>
        db
            .DisputeMediators.Where(m => m.DisputeId == disputeId && m.RemovedAt == null)
            .Select(m => m.StaffUserId)
            .Distinct()
            .ToListAsync(ct);

    private static async Task<CaseReview?> SupervisedAsync(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var review = await db.CaseReviews.Include(r => r.Scores).FirstOrDefaultAsync(r => r.Id == id, ct);
        return review is not null && await CaseReviewViews.SupervisesAsync(user, db, review.BodyId, ct) ? review : null;
    }

    private static DateTime Touch(CaseReview review, TimeProvider clock)
    {
        review.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        review.Version++;
        return review.UpdatedAt;
    }

    private static ProblemHttpResult? Stale(CaseReview review, int? version) =>
        version is { } v && v != review.Version
            ? Problems.Conflict(
                Problems.ConcurrentChangeTitle,
                Problems.ConcurrentChangeDetail,
                Problems.Codes.ConcurrentChange
            )
            : null;

    private static ProblemHttpResult WrongState(CaseReview review, string action) =>
        Problems.Conflict(
            $"当前状态不能{action}",
            $"这件案卷的评查状态为 {review.Status}，不能{action}。",
            Problems.Codes.WrongState
        );
}
