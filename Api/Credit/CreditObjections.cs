using Mediation.Api.Agreements;
using Mediation.Api.Disputes;
using Mediation.Api.Evidence;
using Mediation.Api.Notifications;

namespace Mediation.Api.Credit;

/// <summary>Objections (异议) within the window. Filing pauses the step; a supervisor decides. Upheld: the step is
/// withdrawn and nothing is pushed. Dismissed: the step continues and takes effect when the window has ended.</summary>
public static class CreditObjections
{
    public static async Task<Results<Created<ProposalResponse>, ValidationProblem, NotFound, ProblemHttpResult>> File(
        ObjectionRequest request,
        ClaimsPrincipal user,
        CreditServices s,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var proposal = await s.Db.CreditProposals.FirstOrDefaultAsync(
            p =>
                p.Id == request.ProposalId
                && p.DecidedAt != null
                && s.Db.Set<DisputeParty>().Any(x => x.Id == p.PartyId && x.UserId == me),
            ct
        );
        if (proposal is null)
            return TypedResults.NotFound();
        if (proposal.Status != ProposalStatus.Approved || proposal.ObjectionDeadline < s.Now)
            return Problems.Conflict(
                "当前不能提出异议",
                proposal.Status == ProposalStatus.Objected ? "您的异议正在审查中。" : "异议期已过或该措施已结束。"
            );
        var evidenceIds = request.EvidenceIds?.Distinct().ToList() ?? [];
        if (
            evidenceIds.Count > 0
            && await s.Db.EvidenceItems.CountAsync(
                e => evidenceIds.Contains(e.Id) && e.DisputeId == proposal.DisputeId && e.WithdrawnAt == null,
                ct
            ) != evidenceIds.Count
        )
            return Problems.Invalid("evidenceIds", "证据应为本案已上传的材料");

        var objection = new CreditObjection
        {
            ProposalId = proposal.Id,
            PartyId = proposal.PartyId,
            UserId = me,
            Reason = request.Reason!.Trim(),
            EvidenceIds = evidenceIds,
            FiledAt = s.Now,
        };
        s.Db.CreditObjections.Add(objection);
        proposal.Status = ProposalStatus.Objected;
        proposal.Version++;
        var dispute = await s.Db.Disputes.AsNoTracking().SingleAsync(d => d.Id == proposal.DisputeId, ct);
        var notice = new Notice(
            "CreditObjection",
            "CreditProposal",
            "信用措施异议待审查",
            $"案件{dispute.Reference}：当事人对{CreditSteps.StepName(proposal.Step)}提出异议，请审查。",
            dispute.Id,
            null,
            new() { ["title"] = "信用措施异议待审查", ["caseNumber"] = dispute.Reference }
        );
        foreach (var supervisor in await s.Steps.SupervisorsOfAsync(proposal.BodyId, ct))
            await s.Notifier.StageAsync(
                Recipient.Staff(supervisor),
                notice,
                $"credit-objection:{objection.Id:N}:{supervisor:N}",
                s.Now,
                ct
            );
        s.Audit.Record(
            "CreditObjectionFiled",
            "CreditProposal",
            proposal.Id,
            new { objectionId = objection.Id, evidence = evidenceIds.Count }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Created(
            $"/api/credit/proposals/{proposal.Id}",
            await CreditQueries.ToResponseAsync(s.Db, proposal, s.Now, ct)
        );
    }

    public static async Task<Results<Ok<ProposalResponse>, ValidationProblem, NotFound, ProblemHttpResult>> Decide(
        Guid id,
        ObjectionDecisionRequest request,
        ClaimsPrincipal user,
        CreditServices s,
        CancellationToken ct
    )
    {
        var objection = await s.Db.CreditObjections.FirstOrDefaultAsync(o => o.Id == id, ct);
        var proposal = objection is null
            ? null
            : await CreditQueries
                .VisibleProposals(s.Db, user, await DisputeAccess.JurisdictionAsync(user, s.Db, ct))
                .FirstOrDefaultAsync(p => p.Id == objection.ProposalId, ct);
        if (objection is null || proposal is null)
            return TypedResults.NotFound();
        if (objection.Status != ObjectionStatus.Pending)
            return Problems.Conflict("该异议已审查", "无需重复审查。");
        if (proposal.Status != ProposalStatus.Objected)
            return Problems.Conflict("该信用措施已撤回", "该措施已不再有效，异议无需审查。");

        var upheld = request.Upheld!.Value;
        (objection.Status, objection.DecidedAt, objection.DecidedById, objection.DecisionReason) = (
            upheld ? ObjectionStatus.Upheld : ObjectionStatus.Dismissed,
            s.Now,
            user.GetUserId(),
            request.Reason!.Trim()
        );
        if (upheld)
            (proposal.Status, proposal.EndedAt, proposal.EndReason) = (
                ProposalStatus.Withdrawn,
                s.Now,
                $"异议成立：{objection.DecisionReason}"
            );
        else
            proposal.Status = ProposalStatus.Approved;
        proposal.Version++;
        var dispute = await s.Db.Disputes.Include(d => d.Parties).SingleAsync(d => d.Id == proposal.DisputeId, ct);
        var party = dispute.Parties.Single(p => p.Id == proposal.PartyId);
        var step = CreditSteps.StepName(proposal.Step);
        var body = upheld
            ? $"案件{dispute.Reference}：您对{step}提出的异议成立，该措施已撤销，不会报送信用中心。"
            : $"案件{dispute.Reference}：经审查，您对{step}提出的异议不成立（{objection.DecisionReason}）。{(proposal.ObjectionDeadline > s.Now ? $"异议期至{ChinaTime.Format(proposal.ObjectionDeadline!.Value)}。" : "")}";
        await s.Notifier.StageAsync(
            AgreementServices.PartyRecipient(party),
            AgreementServices.CaseNotice("CreditObjectionDecided", "异议审查结果", body, dispute, "CreditNotice"),
            $"credit-objection-decided:{objection.Id:N}",
            s.Now,
            ct
        );
        s.Audit.Record(
            upheld ? "CreditObjectionUpheld" : "CreditObjectionDismissed",
            "CreditProposal",
            proposal.Id,
            new { objectionId = id, request.Reason }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await CreditQueries.ToResponseAsync(s.Db, proposal, s.Now, ct));
    }
}
