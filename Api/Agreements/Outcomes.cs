using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Events;

namespace Mediation.Api.Agreements;

public sealed record FailureReasonResponse(string Code, string Name);

/// <summary>Failure (调解不成), judicial confirmation (司法确认, art. 33) and the enforcement application that alone opens
/// 失信惩戒.</summary>
public static class Outcomes
{
    public const string OtherRoutes =
        "您可以依法通过仲裁、行政途径或者向人民法院提起诉讼等方式维护自己的权利（《人民调解法》第二十六条）。";

    public static async Task<Ok<List<FailureReasonResponse>>> ListFailureReasons(
        AgreementServices s,
        CancellationToken ct
    ) =>
        TypedResults.Ok(
            await s
                .Db.FailureReasons.AsNoTracking()
                .Where(r => r.Active)
                .OrderBy(r => r.SortOrder)
                .Select(r => new FailureReasonResponse(r.Code, r.Name))
                .ToListAsync(ct)
        );

    public static async Task<
        Results<Ok<DisputeStatusResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > RecordFailure(
        Guid id,
        FailureRequest request,
        ClaimsPrincipal user,
        AgreementServices s,
        DomainEvents events,
        CancellationToken ct
    )
    {
        var dispute = await s.VisibleCaseAsync(id, user, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        if (!AgreementServices.IsAssignedMediator(dispute, user))
            return Problems.Forbidden("无权进行此操作", "只有本案的调解员可以终止调解。");
        var reason = await s
            .Db.FailureReasons.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Code == request.ReasonCode && r.Active, ct);
        if (reason is null)
            return Problems.Invalid("reasonCode", "没有这个原因代码，请从列表中选择");
        if (
            await s.Db.Agreements.AnyAsync(a => a.DisputeId == id && a.Status == AgreementStatus.Effective, ct)
            || !DisputeStateMachine.TryMove(
                dispute,
                DisputeStatus.Failed,
                Claims.StaffKind,
                user.GetUserId(),
                reason.Name,
                s.Now
            )
        )
            return Problems.WrongState(
                "当前状态不能终止调解",
                $"案件当前状态为「{DisputeStateMachine.DisplayName(dispute.Status)}」。"
            );

        s.Db.MediationFailures.Add(
            new MediationFailure
            {
                DisputeId = id,
                ReasonCode = reason.Code,
                Note = request.Note?.Trim(),
                At = s.Now,
                ById = user.GetUserId(),
            }
        );
        FollowUps.CreateTask(dispute, s);
        await s.NotifyPartiesAsync(
            dispute,
            AgreementServices.CaseNotice(
                "MediationFailed",
                "调解终止",
                $"案件{dispute.Reference}调解不成，调解终止（{reason.Name}）。{OtherRoutes}",
                dispute
            ),
            $"mediation-failed:{id:N}",
            ct
        );
        // A failure is itself a risk signal (an earlier failed mediation), with or without a note.
        await events.RaiseAsync(new CaseTextAdded(id, "Failure", request.Note?.Trim() ?? ""), ct);
        s.Audit.Record("MediationFailed", "Dispute", id, new { reason.Code, request.Note });
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(
            new DisputeStatusResponse(id, dispute.Status, DisputeStateMachine.DisplayName(dispute.Status))
        );
    }

    public static async Task<
        Results<Ok<AgreementResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > RecordJudicialConfirmation(
        Guid id,
        JudicialConfirmationRequest request,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var agreement = await s.AgreementAsync(id, ct);
        var dispute = agreement is null ? null : await s.VisibleCaseAsync(agreement.DisputeId, user, ct);
        if (agreement is null || dispute is null)
            return TypedResults.NotFound();
        if (agreement.PersonalStatus)
            return Problems.Conflict("不能申请司法确认", AgreementQueries.PersonalStatusReason);
        if (agreement.Status != AgreementStatus.Effective)
            return Problems.Conflict("协议尚未生效", "协议生效后才能申请司法确认。");
        var deadline = AgreementQueries.Judicial(agreement, s.Options.Value).Deadline!.Value;
        if (request.AppliedOn!.Value > deadline)
            return Problems.Conflict(
                "已超过申请期限",
                $"司法确认应当自协议生效之日起三十日内申请，期限为{AgreementText.Date(deadline)}。"
            );
        if (request.AppliedOn.Value > s.Today || request.DecidedOn > s.Today)
            return Problems.Invalid("appliedOn", "日期不能晚于今天");

        (agreement.JudicialAppliedOn, agreement.JudicialCourt) = (request.AppliedOn, request.Court!.Trim());
        (agreement.JudicialResult, agreement.JudicialRulingNumber, agreement.JudicialDecidedOn) = (
            request.Result ?? JudicialResult.Applied,
            request.RulingNumber?.Trim(),
            request.DecidedOn
        );
        agreement.UpdatedAt = s.Now;
        agreement.Version++;
        s.Audit.Record(
            "JudicialConfirmationRecorded",
            "Agreement",
            id,
            new
            {
                request.AppliedOn,
                request.Court,
                agreement.JudicialResult,
                request.RulingNumber,
                request.DecidedOn,
            }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await AgreementQueries.ToResponseAsync(agreement, dispute, s, ct));
    }

    /// <summary>Records the enforcement application; only for a judicially confirmed agreement, and then proposes 失信惩戒
    /// for every party who still owes something. Without confirmation the court has nothing to enforce, so the step is
    /// refused.</summary>
    public static async Task<
        Results<Ok<AgreementResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > RecordEnforcement(
        Guid id,
        EnforcementRequest request,
        ClaimsPrincipal user,
        AgreementServices s,
        DomainEvents events,
        CancellationToken ct
    )
    {
        var agreement = await s.AgreementAsync(id, ct);
        var dispute = agreement is null ? null : await s.VisibleCaseAsync(agreement.DisputeId, user, ct);
        if (agreement is null || dispute is null)
            return TypedResults.NotFound();
        // It starts 失信惩戒 proposals: the case's own mediator or a supervisor of the body, not any staff member who can
        // see the case.
        if (!AgreementServices.IsAssignedMediator(dispute, user) && !user.IsInRole(StaffRoles.Supervisor))
            return Problems.Forbidden("无权进行此操作", "只有本案调解员或调解组织负责人可以登记强制执行申请。");
        if (agreement.JudicialResult != JudicialResult.Confirmed)
            return Problems.Conflict(
                "未经司法确认，不能申请失信惩戒",
                "只有经人民法院司法确认的调解协议，才能在当事人拒不履行时申请强制执行并提出失信惩戒。"
            );
        var unperformed = agreement.Obligations.Where(o => o.Status == ObligationStatus.Open).ToList();
        if (unperformed.Count == 0)
            return Problems.Conflict("协议已履行完毕", "没有未履行的义务，无需申请强制执行。");
        if (request.AppliedOn!.Value > s.Today)
            return Problems.Invalid("appliedOn", "日期不能晚于今天");

        (agreement.EnforcementAppliedOn, agreement.EnforcementCourt, agreement.EnforcementCaseNumber) = (
            request.AppliedOn,
            request.Court!.Trim(),
            request.CaseNumber!.Trim()
        );
        agreement.UpdatedAt = s.Now;
        agreement.Version++;
        await events.RaiseAsync(new EnforcementApplied(dispute, agreement, unperformed, user.GetUserId()), ct);

        s.Audit.Record(
            "EnforcementRecorded",
            "Agreement",
            id,
            new
            {
                request.AppliedOn,
                request.Court,
                request.CaseNumber,
            }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await AgreementQueries.ToResponseAsync(agreement, dispute, s, ct));
    }
}

public sealed record DisputeStatusResponse(Guid Id, DisputeStatus Status, string StatusName);
