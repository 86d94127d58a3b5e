using FluentValidation;
using Mediation.Api.Disputes;
using Mediation.Api.Evidence;
using Mediation.Api.Infrastructure.Events;
using Mediation.Api.Infrastructure.Idempotency;
using Microsoft.AspNetCore.Mvc;

namespace Mediation.Api.Agreements;

public sealed record PaymentRequest(long? AmountFen, DateTime? PaidAt, string? Note, List<Guid>? EvidenceIds);

public sealed record PaymentDisputeRequest(string? Reason);

public sealed record PaymentResponse(
    Guid Id,
    Guid ObligationId,
    long AmountFen,
    DateTime PaidAt,
    string? Note,
    IReadOnlyList<Guid> EvidenceIds,
    PaymentStatus Status,
    DateTime ReportedAt,
    DateTime? DecidedAt,
    string? DisputeReason
);

public sealed record ObligationsResponse(
    IReadOnlyList<ObligationResponse> Items,
    IReadOnlyList<PaymentResponse> Payments
);

internal sealed class PaymentRequestValidator : AbstractValidator<PaymentRequest>
{
    public PaymentRequestValidator()
    {
        RuleFor(x => x.AmountFen)
            .NotNull()
            .WithMessage("请填写履行金额（单位：分；非金钱义务填0）")
            .GreaterThanOrEqualTo(0)
            .WithMessage("金额不能为负数")
            .LessThanOrEqualTo(100_000_000_000)
            .WithMessage("金额超出范围");
        RuleFor(x => x.PaidAt).NotNull().WithMessage("请填写履行时间");
        RuleFor(x => x.Note).MaximumLength(1000).WithMessage("说明不超过1000字");
        RuleFor(x => x.EvidenceIds).Must(e => e is null || e.Count <= 20).WithMessage("凭证不超过20份");
    }
}

internal sealed class PaymentDisputeRequestValidator : AbstractValidator<PaymentDisputeRequest>
{
    public PaymentDisputeRequestValidator() =>
        RuleFor(x => x.Reason)
            .NotEmpty()
            .WithMessage("请说明异议理由")
            .MaximumLength(1000)
            .WithMessage("异议理由不超过1000字");
}

/// <summary>Performance (履行): the obligor reports, the obligee confirms or disputes; confirmed payments fulfil
/// obligations.</summary>
public static class Performance
{
    public static async Task<Results<Ok<ObligationsResponse>, NotFound>> ListObligations(
        Guid id,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var dispute = await s.VisibleCaseAsync(id, user, ct);
        var agreementId = dispute is null
            ? null
            : await s.Db.Agreements.Where(a => a.DisputeId == id).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        var agreement = agreementId is { } aid ? await s.AgreementAsync(aid, ct) : null;
        if (dispute is null || agreement is null)
            return TypedResults.NotFound();
        var response = await AgreementQueries.ToResponseAsync(agreement, dispute, s, ct);
        var payments = await s
            .Db.Payments.AsNoTracking()
            .Where(p => p.DisputeId == id)
            .OrderBy(p => p.ReportedAt)
            .ToListAsync(ct);
        return TypedResults.Ok(new ObligationsResponse(response.Obligations, payments.Select(ToResponse).ToList()));
    }

    public static async Task<
        Results<Created<PaymentResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > ReportPayment(
        Guid id,
        PaymentRequest request,
        IdempotentRequest idempotency,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        // Idempotency-Key is optional here (the mini-program sends one): a retried report after a lost answer must not
        // count the payment twice.
        var obligation = await s.Db.Obligations.FirstOrDefaultAsync(o => o.Id == id, ct);
        var dispute = obligation is null ? null : await s.VisibleCaseAsync(obligation.DisputeId, user, ct);
        if (obligation is null || dispute is null)
            return TypedResults.NotFound();
        var me = user.GetUserId();
        if (dispute.Parties.FirstOrDefault(p => p.Id == obligation.ObligorPartyId)?.UserId != me)
            return Problems.Forbidden("无权进行此操作", "只有履行义务人可以报告履行情况。");
        if (obligation.Status == ObligationStatus.Fulfilled)
            return Problems.Conflict("该义务已履行完毕", "无需再报告。");
        if (
            !await s.Db.Agreements.AnyAsync(
                a => a.Id == obligation.AgreementId && a.Status == AgreementStatus.Effective,
                ct
            )
        )
            return Problems.Conflict("协议尚未生效", "调解协议经各方签字确认生效后，才能报告履行情况。");

        var errors = new Dictionary<string, string[]>();
        if (obligation.AmountFen is not null && request.AmountFen == 0)
            errors["amountFen"] = ["金钱给付义务请填写实际支付的金额"];
        if (request.PaidAt!.Value.ToUniversalTime() > s.Now.AddMinutes(5))
            errors["paidAt"] = ["履行时间不能晚于现在"];
        var evidenceIds = request.EvidenceIds?.Distinct().ToList() ?? [];
        if (
            evidenceIds.Count > 0
            && await s.Db.EvidenceItems.CountAsync(
                e => evidenceIds.Contains(e.Id) && e.DisputeId == dispute.Id && e.WithdrawnAt == null,
                ct
            ) != evidenceIds.Count
        )
            errors["evidenceIds"] = ["凭证应为本案已上传的证据材料"];
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        var payment = new Payment
        {
            ObligationId = id,
            DisputeId = dispute.Id,
            ReportedByUserId = me,
            AmountFen = request.AmountFen!.Value,
            PaidAt = request.PaidAt.Value.ToUniversalTime(),
            Note = request.Note?.Trim(),
            EvidenceIds = evidenceIds,
            ReportedAt = s.Now,
        };
        s.Db.Payments.Add(payment);
        var obligee = dispute.Parties.Single(p => p.Id == obligation.ObligeePartyId);
        var amount = payment.AmountFen > 0 ? $"{AgreementText.Yuan(payment.AmountFen)}元" : "履行情况";
        await s.NotifyPartiesAsync(
            dispute,
            AgreementServices.CaseNotice(
                "PaymentReported",
                "请确认对方的履行",
                $"案件{dispute.Reference}中，对方报告已履行{amount}，请在小程序中确认是否收到。",
                dispute
            ),
            $"payment-reported:{payment.Id:N}",
            ct,
            [obligee.Id]
        );
        s.Audit.Record(
            "PaymentReported",
            "Payment",
            payment.Id,
            new
            {
                obligationId = id,
                payment.AmountFen,
                payment.PaidAt,
                evidence = evidenceIds.Count,
            }
        );
        if (idempotency.Prepare(payment.Id, ToResponse(payment), s.Now) is { } record)
            s.Db.IdempotencyRecords.Add(record);
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/payments/{payment.Id}", ToResponse(payment));
    }

    internal const string ReportOperation = "ReportPayment";

    public static async Task<Results<Ok<PaymentResponse>, NotFound, ProblemHttpResult>> ConfirmPayment(
        Guid id,
        ClaimsPrincipal user,
        AgreementServices s,
        DomainEvents events,
        CancellationToken ct
    )
    {
        var (payment, obligation, dispute, problem) = await ForObligeeAsync(id, user, s, ct);
        if (problem is not null)
            return problem;
        if (payment is null)
            return TypedResults.NotFound();
        (payment.Status, payment.DecidedAt, payment.DecidedByUserId) = (
            PaymentStatus.Confirmed,
            s.Now,
            user.GetUserId()
        );
        payment.Version++;
        s.Audit.Record("PaymentConfirmed", "Payment", id, new { payment.ObligationId, payment.AmountFen });

        var confirmed =
            await s
                .Db.Payments.Where(p =>
                    p.ObligationId == obligation!.Id && p.Status == PaymentStatus.Confirmed && p.Id != id
                )
                .SumAsync(p => p.AmountFen, ct) + payment.AmountFen;
        if (obligation!.AmountFen is null || confirmed >= obligation.AmountFen)
        {
            (obligation.Status, obligation.FulfilledAt) = (ObligationStatus.Fulfilled, s.Now);
            s.Audit.Record("ObligationFulfilled", "Obligation", obligation.Id, new { confirmedFen = confirmed });
            await events.RaiseAsync(new ObligationFulfilled(dispute!, obligation), ct);
            var open = await s.Db.Obligations.CountAsync(
                o => o.DisputeId == dispute!.Id && o.Status == ObligationStatus.Open && o.Id != obligation.Id,
                ct
            );
            if (
                open == 0
                && DisputeStateMachine.TryMove(
                    dispute!,
                    DisputeStatus.Fulfilled,
                    "system",
                    null,
                    "协议义务全部履行完毕",
                    s.Now
                )
            )
            {
                FollowUps.CreateTask(dispute!, s);
                await s.NotifyPartiesAsync(
                    dispute!,
                    AgreementServices.CaseNotice(
                        "AgreementFulfilled",
                        "协议已履行完毕",
                        $"案件{dispute!.CaseNumber}的调解协议已全部履行。调委会将进行回访，感谢您的配合。",
                        dispute!
                    ),
                    $"agreement-fulfilled:{dispute!.Id:N}",
                    ct
                );
            }
        }
        else if (
            dispute!.Status == DisputeStatus.Defaulted
            && !ObligationLedger.IsLate(obligation, confirmed, s.Now, s.Options.Value)
        )
            DisputeStateMachine.TryMove(dispute, DisputeStatus.Performing, "system", null, "逾期部分已履行", s.Now);
        if (await SaveDecisionAsync(id, s, ct) is { } lost)
            return lost;
        return TypedResults.Ok(ToResponse(payment));
    }

    public static async Task<
        Results<Ok<PaymentResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > DisputePayment(
        Guid id,
        PaymentDisputeRequest request,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var (payment, obligation, dispute, problem) = await ForObligeeAsync(id, user, s, ct);
        if (problem is not null)
            return problem;
        if (payment is null)
            return TypedResults.NotFound();
        (payment.Status, payment.DecidedAt, payment.DecidedByUserId, payment.DisputeReason) = (
            PaymentStatus.Disputed,
            s.Now,
            user.GetUserId(),
            request.Reason!.Trim()
        );
        payment.Version++;
        await s.NotifyPartiesAsync(
            dispute!,
            AgreementServices.CaseNotice(
                "PaymentDisputed",
                "对方对履行情况有异议",
                $"案件{dispute!.CaseNumber}中，对方对您报告的履行有异议：{payment.DisputeReason}。调解员将与您联系核实。",
                dispute!
            ),
            $"payment-disputed:{id:N}",
            ct,
            [obligation!.ObligorPartyId]
        );
        foreach (var mediator in dispute!.Mediators.Where(m => m.RemovedAt == null))
            await s.Notifier.StageAsync(
                Notifications.Recipient.Staff(mediator.StaffUserId),
                AgreementServices.CaseNotice(
                    "PaymentDisputed",
                    "履行情况有异议",
                    $"案件{dispute.Reference}：权利人对一笔履行报告提出异议，请核实。",
                    dispute
                ),
                $"payment-disputed:{id:N}:staff:{mediator.StaffUserId:N}",
                s.Now,
                ct
            );
        s.Audit.Record("PaymentDisputed", "Payment", id, new { payment.ObligationId, request.Reason });
        if (await SaveDecisionAsync(id, s, ct) is { } lost)
            return lost;
        return TypedResults.Ok(ToResponse(payment));
    }

    /// <summary>
    /// Saves one decision on a report. Two decisions read the same report at once (a double tap, or confirm and dispute
    /// from two phones): the payment's version lets only the first through; the other's whole save is rolled back, its
    /// audit row and the notices it staged with it, so what the parties are told matches the report's final state. The
    /// loser may also trip first over a notice key the winner already used (two confirmations fulfilling the same
    /// obligation): that is the same lost race.
    /// </summary>
    private static async Task<ProblemHttpResult?> SaveDecisionAsync(
        Guid paymentId,
        AgreementServices s,
        CancellationToken ct
    )
    {
        try
        {
            await s.Db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            s.Db.ChangeTracker.Clear(); // nothing staged is enqueued: this request ends here
            var status = await s
                .Db.Payments.AsNoTracking()
                .Where(p => p.Id == paymentId)
                .Select(p => (PaymentStatus?)p.Status)
                .SingleOrDefaultAsync(ct);
            if (status is null or PaymentStatus.Reported)
                throw;
            return Problems.Conflict(
                "该履行报告已处理",
                status == PaymentStatus.Confirmed
                    ? "这笔履行刚刚已被确认收到，请刷新后查看。"
                    : "刚刚已对这笔履行提出异议，请刷新后查看。"
            );
        }
    }

    private static async Task<(Payment?, Obligation?, Dispute?, ProblemHttpResult?)> ForObligeeAsync(
        Guid id,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var payment = await s.Db.Payments.FirstOrDefaultAsync(p => p.Id == id, ct);
        var obligation = payment is null
            ? null
            : await s.Db.Obligations.Include(o => o.Instalments).SingleAsync(o => o.Id == payment.ObligationId, ct);
        var dispute = obligation is null ? null : await s.VisibleCaseAsync(obligation.DisputeId, user, ct);
        if (payment is null || dispute is null)
            return (null, null, null, null);
        if (dispute.Parties.FirstOrDefault(p => p.Id == obligation!.ObligeePartyId)?.UserId != user.GetUserId())
            return (
                payment,
                obligation,
                dispute,
                Problems.Forbidden("无权进行此操作", "只有权利人可以确认或否认履行情况。")
            );
        if (payment.Status != PaymentStatus.Reported)
            return (payment, obligation, dispute, Problems.Conflict("该履行报告已处理", "已确认或已提出异议。"));
        return (payment, obligation, dispute, null);
    }

    public static PaymentResponse ToResponse(Payment p) =>
        new(
            p.Id,
            p.ObligationId,
            p.AmountFen,
            p.PaidAt,
            p.Note,
            p.EvidenceIds,
            p.Status,
            p.ReportedAt,
            p.DecidedAt,
            p.DisputeReason
        );
}
