using FluentValidation;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Events;

namespace Mediation.Api.Agreements;

public sealed record FollowUpRequest(
    string? Method,
    string? PerformanceStatus,
    int? Satisfaction,
    string? RemainingRisk,
    string? Note
);

public sealed record SatisfactionRequest(int? Score, string? Comment);

public sealed record SatisfactionResponse(int? Score, string? Comment, DateTime? At);

public sealed record FollowUpResponse(
    Guid Id,
    FollowUpStatus Status,
    DateTime DueAt,
    string? Method,
    string? PerformanceStatus,
    int? Satisfaction,
    string? RemainingRisk,
    string? Note,
    DateTime? DoneAt,
    DisputeStatus CaseStatus
);

internal sealed class FollowUpRequestValidator : AbstractValidator<FollowUpRequest>
{
    public static readonly string[] Methods = ["Phone", "Visit", "Online"];

    public FollowUpRequestValidator()
    {
        RuleFor(x => x.Method)
            .NotEmpty()
            .WithMessage("请选择回访方式")
            .Must(m => m is null || Methods.Contains(m))
            .WithMessage("回访方式只能是 Phone、Visit 或 Online");
        RuleFor(x => x.PerformanceStatus).NotEmpty().WithMessage("请填写履行情况").MaximumLength(200);
        RuleFor(x => x.Satisfaction)
            .NotNull()
            .WithMessage("请填写满意度")
            .InclusiveBetween(1, 5)
            .WithMessage("满意度为1至5分");
        RuleFor(x => x.RemainingRisk).MaximumLength(1000).WithMessage("遗留风险不超过1000字");
        RuleFor(x => x.Note).MaximumLength(2000).WithMessage("备注不超过2000字");
    }
}

internal sealed class SatisfactionRequestValidator : AbstractValidator<SatisfactionRequest>
{
    public SatisfactionRequestValidator()
    {
        RuleFor(x => x.Score).NotNull().WithMessage("请打分").InclusiveBetween(1, 5).WithMessage("评分为1至5分");
        RuleFor(x => x.Comment).MaximumLength(1000).WithMessage("评价不超过1000字");
    }
}

/// <summary>Follow-up visit (回访) and satisfaction; the follow-up closes the case (结案).</summary>
public static class FollowUps
{
    /// <summary>The follow-up task of a case that has just been fulfilled or failed.</summary>
    public static void CreateTask(Dispute dispute, AgreementServices s) =>
        s.Db.FollowUps.Add(
            new FollowUp
            {
                DisputeId = dispute.Id,
                CreatedAt = s.Now,
                DueAt = s.Now + s.Options.Value.FollowUpWithin,
            }
        );

    public static async Task<Results<Ok<FollowUpResponse>, NotFound, ProblemHttpResult>> RecordFollowUp(
        Guid id,
        FollowUpRequest request,
        ClaimsPrincipal user,
        AgreementServices s,
        DomainEvents events,
        CancellationToken ct
    )
    {
        var dispute = await s.VisibleCaseAsync(id, user, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var task = await s.Db.FollowUps.FirstOrDefaultAsync(
            f => f.DisputeId == id && f.Status == FollowUpStatus.Pending,
            ct
        );
        // A defaulted case whose enforcement has been applied for is in the court's hands: the committee's follow-up
        // ends it.
        var withTheCourt =
            dispute.Status == DisputeStatus.Defaulted
            && await s.Db.Agreements.AnyAsync(a => a.DisputeId == id && a.EnforcementAppliedOn != null, ct);
        if (task is null && withTheCourt)
            s.Db.FollowUps.Add(
                task = new FollowUp
                {
                    DisputeId = id,
                    CreatedAt = s.Now,
                    DueAt = s.Now,
                }
            );
        if (task is null || !(dispute.Status is DisputeStatus.Fulfilled or DisputeStatus.Failed || withTheCourt))
            return Problems.Conflict(
                "当前不能回访结案",
                $"协议履行完毕、调解终止或已申请强制执行后才能回访结案；案件当前状态为「{DisputeStateMachine.DisplayName(dispute.Status)}」。"
            );
        (task.Method, task.PerformanceStatus, task.Satisfaction, task.RemainingRisk, task.Note) = (
            request.Method,
            request.PerformanceStatus!.Trim(),
            request.Satisfaction,
            request.RemainingRisk?.Trim(),
            request.Note?.Trim()
        );
        (task.Status, task.DoneAt, task.DoneById) = (FollowUpStatus.Done, s.Now, user.GetUserId());
        await events.RaiseAsync(new CaseTextAdded(id, "FollowUp", $"{task.RemainingRisk}\n{task.Note}"), ct);
        DisputeStateMachine.TryMove(
            dispute,
            DisputeStatus.Closed,
            Claims.StaffKind,
            user.GetUserId(),
            "回访完毕，结案",
            s.Now
        );
        s.Audit.Record(
            "FollowUpRecorded",
            "Dispute",
            id,
            new
            {
                request.Method,
                request.Satisfaction,
                request.PerformanceStatus,
            }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(
            new FollowUpResponse(
                task.Id,
                task.Status,
                task.DueAt,
                task.Method,
                task.PerformanceStatus,
                task.Satisfaction,
                task.RemainingRisk,
                task.Note,
                task.DoneAt,
                dispute.Status
            )
        );
    }

    /// <summary>The caller's own rating of the case, if they gave one (Score null otherwise).</summary>
    public static async Task<Results<Ok<SatisfactionResponse>, NotFound>> MySatisfaction(
        Guid id,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var dispute = await s.VisibleCaseAsync(id, user, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var me = user.GetUserId();
        var mine = await s
            .Db.PartySatisfactions.AsNoTracking()
            .Where(x => x.DisputeId == id && x.UserId == me)
            .OrderByDescending(x => x.At)
            .FirstOrDefaultAsync(ct);
        return TypedResults.Ok(new SatisfactionResponse(mine?.Score, mine?.Comment, mine?.At));
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RateSatisfaction(
        Guid id,
        SatisfactionRequest request,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var dispute = await s.VisibleCaseAsync(id, user, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        if (
            dispute.Status
            is not (
                DisputeStatus.Fulfilled
                or DisputeStatus.Failed
                or DisputeStatus.Closed
                or DisputeStatus.Performing
                or DisputeStatus.Defaulted
            )
        )
            return Problems.Conflict("调解尚未结束", "调解结束后才能评价。");
        var me = user.GetUserId();
        var parties = dispute.Parties.Where(p => p.UserId == me).Select(p => p.Id).ToList();
        if (parties.Count == 0)
            return Problems.Forbidden("无权进行此操作", "只有本案当事人可以评价。");
        var existing = await s
            .Db.PartySatisfactions.Where(x => x.DisputeId == id && parties.Contains(x.PartyId))
            .ToListAsync(ct);
        foreach (var party in parties)
        {
            var row = existing.FirstOrDefault(x => x.PartyId == party);
            if (row is null)
                s.Db.PartySatisfactions.Add(
                    row = new PartySatisfaction
                    {
                        DisputeId = id,
                        PartyId = party,
                        UserId = me,
                    }
                );
            (row.Score, row.Comment, row.At) = (request.Score!.Value, request.Comment?.Trim(), s.Now);
        }
        s.Audit.Record("SatisfactionRated", "Dispute", id, new { request.Score });
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
