using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;
using Mediation.Api.Statistics;

namespace Mediation.Api.CaseReviews;

/// <summary>Drawing a sample of closed cases (抽查) of a body and the bodies below it.</summary>
public static class CaseReviewSamples
{
    public static async Task<Results<Created<SampleResponse>, NotFound, ValidationProblem>> DrawSample(
        SampleRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if ((request.BodyId ?? user.GetBodyId()) is not { } bodyId)
            return Problems.Invalid("bodyId", "请选择调解组织");
        if (!await db.Bodies.AnyAsync(b => b.Id == bodyId, ct))
            return Problems.Invalid("bodyId", "调解组织不存在");
        if (!await CaseReviewViews.SupervisesAsync(user, db, bodyId, ct))
            return TypedResults.NotFound();
        var (from, to) = CaseReviewsApi.Range(request.Month, request.From, request.To);
        var bodies = await MonthlyReports.SubtreeAsync(db, bodyId, ct);

        // Cases closed (结案) in the range and closed still.
        var closed = db.Disputes.Where(d =>
            bodies.Contains(d.BodyId)
            && d.Status == DisputeStatus.Closed
            && d.StatusHistory.Any(s => s.To == DisputeStatus.Closed && s.At >= from && s.At < to)
        );
        if (request.TypeCode is { } type)
            closed = closed.Where(d => d.TypeCode == type);
        if (request.MediatorId is { } mediator)
            closed = closed.Where(d => d.Mediators.Any(m => m.StaffUserId == mediator && m.RemovedAt == null));
        var candidates = await closed.Select(d => new { d.Id, d.BodyId }).ToListAsync(ct);
        var bodyOf = candidates.ToDictionary(c => c.Id, c => c.BodyId);

        var seed = request.DrawMethod == SampleMethods.Random ? request.Seed ?? CaseSampling.NewSeed() : null;
        var chosen = seed is null
            ? candidates.Select(c => c.Id).Order().Take(request.Size ?? 200).ToList()
            : CaseSampling.Draw(seed, bodyOf.Keys, request.Size!.Value);

        var checklist = await CaseReviewViews.CurrentChecklistAsync(db, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var sample = new ReviewSample
        {
            BodyId = bodyId,
            FromUtc = from,
            ToUtc = to,
            Method = request.DrawMethod!,
            Seed = seed,
            Size = request.Size,
            TypeCode = request.TypeCode,
            MediatorId = request.MediatorId,
            Candidates = candidates.Count,
            ChecklistId = checklist.Id,
            CreatedById = user.GetUserId(),
            CreatedAt = now,
        };
        var reviews = chosen
            .Select(
                (id, n) =>
                    new CaseReview
                    {
                        SampleId = sample.Id,
                        DisputeId = id,
                        BodyId = bodyOf[id],
                        Position = n + 1,
                        Status = CaseReviewStatus.Pending,
                        ChecklistId = checklist.Id,
                        MaxPoints = checklist.Items.Sum(i => i.MaxPoints),
                        UpdatedAt = now,
                    }
            )
            .ToList();
        db.ReviewSamples.Add(sample);
        db.CaseReviews.AddRange(reviews);
        audit.Record(
            "ReviewSampleDrawn",
            "ReviewSample",
            sample.Id,
            new
            {
                bodyId,
                from,
                to,
                sample.Method,
                seed,
                sample.Size,
                sample.TypeCode,
                sample.MediatorId,
                candidates = candidates.Count,
                cases = chosen,
            }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(
            $"/api/case-reviews/samples/{sample.Id}",
            ToResponse(sample, await CaseReviewViews.ToResponsesAsync(db, reviews, ct))
        );
    }

    public static async Task<Results<Ok<SampleResponse>, NotFound>> GetSample(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var sample = await db.ReviewSamples.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (sample is null || !await CaseReviewViews.SupervisesAsync(user, db, sample.BodyId, ct))
            return TypedResults.NotFound();
        var reviews = await db
            .CaseReviews.AsNoTracking()
            .Include(r => r.Scores)
            .Where(r => r.SampleId == id)
            .OrderBy(r => r.Position)
            .ToListAsync(ct);
        return TypedResults.Ok(ToResponse(sample, await CaseReviewViews.ToResponsesAsync(db, reviews, ct)));
    }

    private static SampleResponse ToResponse(ReviewSample s, List<CaseReviewResponse> cases) =>
        new(
            s.Id,
            s.BodyId,
            s.FromUtc,
            s.ToUtc,
            s.Method,
            s.Seed,
            s.Size,
            s.TypeCode,
            s.MediatorId,
            s.Candidates,
            s.CreatedAt,
            cases
        );
}
