using Hangfire;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Intake;

/// <summary>What a decision does beyond the status change: the history reason, the audit entry and the applicant's
/// notice.</summary>
internal sealed record Decision(
    string Reason,
    string AuditAction,
    object? AuditDetails,
    string NoticeKind,
    string NoticeTitle,
    string NoticeBody
);

/// <summary>
/// Every decision on an application: one status change through <see cref="DisputeStateMachine"/>, a status-history row,
/// an audit entry and a notification to the applicant, saved together. A concurrent decision on the same case loses
/// with 409.
/// </summary>
public static class IntakeDecisions
{
    public static RouteGroupBuilder MapIntakeDecisions(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/accept", Accept).Named(nameof(Accept), "受理");
        group.MapPost("/{id:guid}/reject", Reject).Named(nameof(Reject), "不予受理（附理由代码）");
        group
            .MapPost("/{id:guid}/request-correction", RequestCorrection)
            .Named(nameof(RequestCorrection), "要求补正（附期限）");
        group.MapPost("/{id:guid}/assign", IntakeAssignment.Assign).Named("AssignMediators", "指派调解员");
        group.MapPost("/{id:guid}/transfer", Transfer).Named(nameof(Transfer), "移送其他调解组织");
        group.MapPost("/{id:guid}/escalate", Escalate).Named(nameof(Escalate), "上报上级调解组织");
        return group;
    }

    public static Task<Results<Ok<DecisionResponse>, NotFound, ProblemHttpResult>> Accept(
        Guid id,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    ) =>
        DecideAsync(
            id,
            user,
            s,
            DisputeStatus.Accepted,
            "受理",
            (d, now) =>
                Task.FromResult<DecisionOutcome>(
                    new Decision(
                        "受理申请",
                        "DisputeAccepted",
                        new { caseNumber = d.CaseNumber },
                        "DisputeAccepted",
                        "调解申请已受理",
                        $"您的调解申请（申请编号 {d.ApplicationNumber}）已被受理，案号 {d.CaseNumber}，我们将尽快为您指派调解员，请留意后续通知。"
                    )
                ),
            ct
        );

    public static Task<Results<Ok<DecisionResponse>, NotFound, ProblemHttpResult>> Reject(
        Guid id,
        RejectRequest request,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    ) =>
        DecideAsync(
            id,
            user,
            s,
            DisputeStatus.Rejected,
            "作出不予受理决定",
            async (d, now) =>
            {
                var reason = await s
                    .Db.RejectionReasons.AsNoTracking()
                    .SingleAsync(r => r.Code == request.ReasonCode, ct);
                var note = string.IsNullOrWhiteSpace(request.Note) ? "" : $"说明：{request.Note.Trim()}";
                return new Decision(
                    IntakeCases.StatusReason($"不予受理（{reason.Name}）", request.Note),
                    "DisputeRejected",
                    new { reasonCode = reason.Code, note = request.Note },
                    "DisputeRejected",
                    "调解申请不予受理",
                    $"您的调解申请（{d.ReferenceText}）不予受理。{reason.NoticeText}{note}"
                );
            },
            ct
        );

    public static async Task<Results<Ok<DecisionResponse>, NotFound, ProblemHttpResult>> RequestCorrection(
        Guid id,
        CorrectionRequestBody request,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    )
    {
        CorrectionRequest? correction = null;
        var result = await DecideAsync(
            id,
            user,
            s,
            DisputeStatus.NeedsCorrection,
            "要求补正",
            (d, now) =>
            {
                var deadline = request.Deadline is { } given ? AsUtc(given) : now + s.Settings.CorrectionPeriod;
                var items = request.Items!.Select(i => i.Trim()).ToList();
                correction = new CorrectionRequest
                {
                    DisputeId = d.Id,
                    Items = items,
                    Deadline = deadline,
                    RequestedAt = now,
                    RequestedById = user.GetUserId(),
                };
                s.Db.CorrectionRequests.Add(correction);
                var list = string.Join("；", items.Select((item, i) => $"{i + 1}. {item}"));
                return Task.FromResult<DecisionOutcome>(
                    new Decision(
                        IntakeCases.StatusReason($"要求补正，期限至{ChinaTime(deadline)}", list),
                        "CorrectionRequested",
                        new { items, deadline },
                        "CorrectionRequested",
                        "请补正调解申请",
                        $"您的调解申请（{d.ReferenceText}）需要补正：{list}。请于 {ChinaTime(deadline)} 前在小程序中修改后重新提交，逾期未补正的，申请将作失效处理。"
                    )
                );
            },
            ct
        );

        // Scheduled only once the request is committed; the job is idempotent and re-checks the status and the
        // deadline.
        if (correction is not null && result.Result is Ok<DecisionResponse>)
        {
            correction.JobId = s.Jobs.Schedule<CorrectionDeadlineJob>(
                job => job.RunAsync(id),
                new DateTimeOffset(correction.Deadline, TimeSpan.Zero)
            );
            await s.Db.SaveChangesAsync(ct);
        }
        return result;
    }

    public static Task<Results<Ok<DecisionResponse>, NotFound, ProblemHttpResult>> Transfer(
        Guid id,
        TransferRequest request,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    ) =>
        DecideAsync(
            id,
            user,
            s,
            DisputeStatus.Transferred,
            "移送",
            (d, now) =>
                MoveToBodyAsync(
                    s,
                    d,
                    request.ToBodyId!.Value,
                    HandlingKind.Transferred,
                    request.Reason!,
                    user.GetUserId(),
                    now,
                    ct
                ),
            ct
        );

    public static Task<Results<Ok<DecisionResponse>, NotFound, ProblemHttpResult>> Escalate(
        Guid id,
        EscalateRequest request,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    ) =>
        DecideAsync(
            id,
            user,
            s,
            DisputeStatus.Transferred,
            "上报",
            async (d, now) =>
            {
                var parent = await s.Db.Bodies.Where(b => b.Id == d.BodyId).Select(b => b.ParentId).SingleAsync(ct);
                if (parent is null)
                    return Problems.Conflict("没有上级调解组织", "本组织已是最高层级，无法上报，可移送其他调解组织。");
                return await MoveToBodyAsync(
                    s,
                    d,
                    parent.Value,
                    HandlingKind.Escalated,
                    request.Reason!,
                    user.GetUserId(),
                    now,
                    ct
                );
            },
            ct
        );

    /// <summary>Hands the case to another body's queue, keeping the lineage and ending any current mediator
    /// assignment.</summary>
    private static async Task<DecisionOutcome> MoveToBodyAsync(
        IntakeServices s,
        Dispute d,
        Guid toBodyId,
        HandlingKind kind,
        string reason,
        Guid me,
        DateTime now,
        CancellationToken ct
    )
    {
        if (toBodyId == d.BodyId)
            return Problems.Conflict("不能移送给本组织", "案件已在该调解组织，请选择其他调解组织。");
        var names = await s
            .Db.Bodies.Where(b => b.Id == d.BodyId || b.Id == toBodyId)
            .ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        s.Db.DisputeHandlings.Add(
            new DisputeHandling
            {
                DisputeId = d.Id,
                Kind = kind,
                FromBodyId = d.BodyId,
                ToBodyId = toBodyId,
                FromStatus = d.Status,
                Reason = reason.Trim(),
                ByStaffId = me,
                At = now,
            }
        );
        var current = await s
            .Db.DisputeMediators.Where(m => m.DisputeId == d.Id && m.RemovedAt == null)
            .ToListAsync(ct);
        foreach (var m in current)
            (m.RemovedAt, m.RemovedReason) = (now, "案件移送其他调解组织");
        var label = kind == HandlingKind.Escalated ? "上报" : "移送";
        var (from, to) = (names[d.BodyId], names[toBodyId]);
        d.BodyId = toBodyId;
        d.QueuedAt = now;
        return new Decision(
            IntakeCases.StatusReason($"由{from}{label}至{to}", reason),
            kind == HandlingKind.Escalated ? "DisputeEscalated" : "DisputeTransferred",
            new
            {
                fromBody = from,
                toBody = to,
                reason,
            },
            "DisputeTransferred",
            $"案件已{label}",
            $"您的调解申请（{d.ReferenceText}）已由{from}{label}至{to}办理。理由：{reason.Trim()}"
        );
    }

    internal static async Task<Results<Ok<DecisionResponse>, NotFound, ProblemHttpResult>> DecideAsync(
        Guid id,
        ClaimsPrincipal user,
        IntakeServices s,
        DisputeStatus to,
        string action,
        Func<Dispute, DateTime, Task<DecisionOutcome>> decide,
        CancellationToken ct
    )
    {
        var dispute = await IntakeCases.FindAsync(s.Db, user, id, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var (me, now) = (user.GetUserId(), s.Now);
        if (!DisputeStateMachine.CanMove(dispute.Status, to))
            return IntakeCases.WrongState(dispute, action);
        if (await IntakeCases.HeldByOtherAsync(s.Db, id, me, now, s.Settings.ClaimTimeout, ct) is { } held)
            return held;

        // Acceptance is when the committee registers the case (受理), so the first acceptance gives the case its
        // number, in one transaction with the decision: a decision that fails gives the number back.
        var numbering = to == DisputeStatus.Accepted && dispute.CaseNumber is null;
        using var writing = numbering ? await s.WriteGate.EnterAsync(ct) : null;
        await using var transaction = numbering ? await s.Db.Database.BeginTransactionAsync(ct) : null;
        if (numbering)
        {
            var bodyCode = await s
                .Db.Set<MediationBody>()
                .Where(b => b.Id == dispute.BodyId)
                .Select(b => b.Code)
                .SingleAsync(ct);
            dispute.CaseNumber = await CaseNumbers.NextAsync(s.Db, bodyCode, now, ct);
        }

        var outcome = await decide(dispute, now);
        if (outcome.Refusal is { } refusal)
            return refusal;
        var decision = outcome.Decision!;
        DisputeStateMachine.TryMove(dispute, to, Claims.StaffKind, me, decision.Reason, now);
        s.Audit.Record(decision.AuditAction, "Dispute", id, decision.AuditDetails);
        await s.Notifier.StageAsync(
            await DisputeRecipients.ApplicantAsync(s.Db, dispute, ct),
            CaseNotice(dispute, decision.NoticeKind, decision.NoticeTitle, decision.NoticeBody, now),
            $"intake:{decision.NoticeKind}:{id:N}:{Guid.CreateVersion7():N}",
            now,
            ct
        ); // each decision is its own notice; the dispute's version guards doubles
        await IntakeCases.ReleaseClaimAsync(s.Db, id, ct);
        if (await IntakeCases.SaveAsync(s.Db, ct) is { } lost)
            return lost;
        if (transaction is not null)
            await transaction.CommitAsync(ct);
        return TypedResults.Ok(
            new DecisionResponse(
                dispute.Id,
                dispute.ApplicationNumber,
                dispute.CaseNumber,
                dispute.Status,
                DisputeStateMachine.DisplayName(dispute.Status),
                dispute.BodyId,
                dispute.UpdatedAt
            )
        );
    }

    /// <summary>A notice about the case's status, for the inbox and (as the person prefers) WeChat's CaseStatusChanged
    /// template or SMS.</summary>
    internal static Notice CaseNotice(Dispute dispute, string kind, string title, string body, DateTime now) =>
        new(
            kind,
            "CaseStatusChanged",
            title,
            body,
            dispute.Id,
            null,
            new()
            {
                ["title"] = title,
                ["caseNumber"] = dispute.Reference,
                ["status"] = DisputeStateMachine.DisplayName(dispute.Status),
                ["time"] = Mediation.Api.WeChat.SubscribeMessageValues.Time(now),
                ["note"] = title,
            }
        );

    internal static DateTime AsUtc(DateTime value) => Infrastructure.WireTime.ToUtc(value);

    private static readonly TimeZoneInfo China = Infrastructure.ChinaTime.Zone;

    internal static string ChinaTime(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, China).ToString("yyyy年M月d日 HH:mm");
}

/// <summary>A decision to record, or a refusal (409) that stops it.</summary>
internal readonly record struct DecisionOutcome(Decision? Decision, ProblemHttpResult? Refusal)
{
    public static implicit operator DecisionOutcome(Decision decision) => new(decision, null);

    public static implicit operator DecisionOutcome(ProblemHttpResult refusal) => new(null, refusal);
}
