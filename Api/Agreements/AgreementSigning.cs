using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Evidence;

namespace Mediation.Api.Agreements;

/// <summary>
/// Confirmations bound to the text's hash. The agreement takes effect with the last required one: every party, one
/// assigned mediator, and a supervisor of the body (standing for the committee's seal). The case then becomes Agreed
/// and Performing.
/// </summary>
public static class AgreementSigning
{
    public static async Task<Results<Ok<AgreementResponse>, ValidationProblem, NotFound, ProblemHttpResult>> Sign(
        Guid id,
        SignRequest request,
        ClaimsPrincipal user,
        HttpContext http,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var agreement = await s.AgreementAsync(id, ct);
        var dispute = agreement is null ? null : await s.VisibleCaseAsync(agreement.DisputeId, user, ct);
        if (agreement is null || dispute is null)
            return TypedResults.NotFound();
        if (Unsignable(agreement, request) is { } problem)
            return problem;

        var me = user.GetUserId();
        var address = http.Connection.RemoteIpAddress?.ToString();
        var signed = Current(agreement);
        if (user.GetKind() == Claims.CitizenKind)
        {
            var mine = dispute.Parties.Where(p => p.UserId == me && !signed.Any(x => x.PartyId == p.Id)).ToList();
            if (mine.Count == 0)
                return dispute.Parties.Any(p => p.UserId == me)
                    ? Problems.Conflict("您已确认过本协议", "无需重复确认。")
                    : Problems.Forbidden("无权进行此操作", "只有本案当事人可以确认调解协议。");
            foreach (var party in mine)
                Add(agreement, SignerRole.Party, party.Id, me, request, address, s);
            s.Audit.Record(
                "AgreementSigned",
                "Agreement",
                agreement.Id,
                new
                {
                    agreement.Revision,
                    parties = mine.Select(p => p.Id),
                    request.Sha256,
                }
            );
        }
        else
        {
            if (!AgreementServices.IsAssignedMediator(dispute, user))
                return Problems.Forbidden("无权进行此操作", "只有本案的调解员可以签署调解协议。");
            if (signed.Any(x => x.Role == SignerRole.Supervisor && x.UserId == me))
                return SupervisorCannotSign();
            if (request.PartyId is { } partyId)
            {
                var party = dispute.Parties.FirstOrDefault(p => p.Id == partyId);
                if (party is null)
                    return Problems.Invalid("partyId", "应为本案当事人");
                if (signed.Any(x => x.PartyId == partyId))
                    return Problems.Conflict("该当事人已确认", "无需重复记录。");
                // A party with an account confirms in the mini-program himself; the mediator may record a paper
                // confirmation for him only with the signed page attached, or one person could "confirm" for a party
                // who never did.
                if (request.EvidenceId is { } evidenceId)
                {
                    if (
                        !await s.Db.EvidenceItems.AnyAsync(
                            e => e.Id == evidenceId && e.DisputeId == dispute.Id && e.WithdrawnAt == null,
                            ct
                        )
                    )
                        return Problems.Invalid("evidenceId", "签字页扫描件应为本案已上传的证据材料");
                }
                else if (party.UserId is not null)
                    return Problems.Invalid(
                        "evidenceId",
                        "该当事人已有小程序账号，应由本人在小程序中确认；如已当面签字，请附上签字页扫描件（本案证据材料）"
                    );
                var signature = Add(agreement, SignerRole.Party, partyId, me, request, address, s);
                (signature.InPerson, signature.EvidenceId) = (true, request.EvidenceId);
                s.Audit.Record(
                    "AgreementSignedInPerson",
                    "Agreement",
                    agreement.Id,
                    new
                    {
                        agreement.Revision,
                        partyId,
                        request.Sha256,
                        request.EvidenceId,
                    }
                );
            }
            else
            {
                if (signed.Any(x => x.Role == SignerRole.Mediator))
                    return Problems.Conflict("调解员已签署", "无需重复签署。");
                Add(agreement, SignerRole.Mediator, null, me, request, address, s);
                s.Audit.Record(
                    "AgreementSignedByMediator",
                    "Agreement",
                    agreement.Id,
                    new { agreement.Revision, request.Sha256 }
                );
            }
        }
        await TakeEffectIfCompleteAsync(agreement, dispute, s, ct);
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await AgreementQueries.ToResponseAsync(agreement, dispute, s, ct));
    }

    /// <summary>The supervisor's approval stands for the committee's seal (加盖调委会印章).</summary>
    public static async Task<Results<Ok<AgreementResponse>, ValidationProblem, NotFound, ProblemHttpResult>> Approve(
        Guid id,
        SignRequest request,
        ClaimsPrincipal user,
        HttpContext http,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var agreement = await s.AgreementAsync(id, ct);
        var dispute = agreement is null ? null : await s.VisibleCaseAsync(agreement.DisputeId, user, ct);
        if (agreement is null || dispute is null)
            return TypedResults.NotFound();
        if (
            !user.IsInRole(StaffRoles.Supervisor)
            || !(await DisputeAccess.JurisdictionAsync(user, s.Db, ct)).Contains(dispute.BodyId)
        )
            return Problems.Forbidden("无权进行此操作", "只有本调委会（或上级）的站长、所长可以审核盖章。");
        if (Unsignable(agreement, request) is { } problem)
            return problem;
        if (Current(agreement).Any(x => x.Role == SignerRole.Supervisor))
            return Problems.Conflict("已审核盖章", "无需重复审核。");
        if (IsOwnMediator(agreement, dispute, user.GetUserId()))
            return Problems.Forbidden(
                "无权进行此操作",
                "调解员不能审核盖章自己调解的协议，请由本调委会（或上级）的其他站长、所长审核。"
            );
        Add(
            agreement,
            SignerRole.Supervisor,
            null,
            user.GetUserId(),
            request,
            http.Connection.RemoteIpAddress?.ToString(),
            s
        );
        s.Audit.Record("AgreementApproved", "Agreement", agreement.Id, new { agreement.Revision, request.Sha256 });
        await TakeEffectIfCompleteAsync(agreement, dispute, s, ct);
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await AgreementQueries.ToResponseAsync(agreement, dispute, s, ct));
    }

    /// <summary>
    /// The committee's approval is a second pair of eyes on the mediator's work (人民调解法 art. 29: the committee's seal
    /// beside the mediator's signature), so whoever drafted the agreement, is assigned to the case as its mediator, or
    /// signed or recorded a confirmation of this revision as its mediator cannot also give it, whatever roles he holds.
    /// </summary>
    private static bool IsOwnMediator(Agreement agreement, Dispute dispute, Guid userId) =>
        agreement.CreatedById == userId
        || dispute.Mediators.Any(m => m.StaffUserId == userId && m.RemovedAt == null)
        || Current(agreement).Any(x => x.Role != SignerRole.Supervisor && x.UserId == userId);

    private static ProblemHttpResult SupervisorCannotSign() =>
        Problems.Forbidden("无权进行此操作", "您已为本协议审核盖章，不能再作为调解员签署或记录当事人确认。");

    public static List<string> Pending(Agreement a, Dispute dispute)
    {
        var signed = Current(a);
        var pending = dispute
            .Parties.Where(p => !signed.Any(x => x.PartyId == p.Id))
            .Select(p => p.Id.ToString())
            .ToList();
        if (!signed.Any(x => x.Role == SignerRole.Mediator))
            pending.Add("mediator");
        if (!signed.Any(x => x.Role == SignerRole.Supervisor))
            pending.Add("supervisor");
        return pending;
    }

    private static ProblemHttpResult? Unsignable(Agreement agreement, SignRequest request) =>
        agreement.Status != AgreementStatus.AwaitingSignatures
            ? Problems.Conflict(
                "协议不在待确认状态",
                agreement.Status == AgreementStatus.Effective ? "协议已经生效。" : "协议尚未提交确认。"
            )
        : !string.Equals(request.Sha256, agreement.TextSha256, StringComparison.OrdinalIgnoreCase)
            ? Problems.Conflict("协议文本已变更", "您确认的文本与当前协议不一致，请重新阅读协议全文后再确认。")
        : null;

    private static List<AgreementSignature> Current(Agreement a) => AgreementQueries.Current(a).ToList();

    private static AgreementSignature Add(
        Agreement a,
        SignerRole role,
        Guid? partyId,
        Guid userId,
        SignRequest request,
        string? address,
        AgreementServices s
    )
    {
        var signature = new AgreementSignature
        {
            AgreementId = a.Id,
            Revision = a.Revision,
            Role = role,
            PartyId = partyId,
            UserId = userId,
            Sha256 = request.Sha256!.ToLowerInvariant(),
            SignedAt = s.Now,
            ClientAddress = address,
        };
        a.Signatures.Add(signature);
        s.Db.AgreementSignatures.Add(signature);
        a.UpdatedAt = s.Now;
        a.Version++;
        return signature;
    }

    private static async Task TakeEffectIfCompleteAsync(
        Agreement a,
        Dispute dispute,
        AgreementServices s,
        CancellationToken ct
    )
    {
        if (Pending(a, dispute).Count > 0)
            return;
        (a.Status, a.EffectiveAt) = (AgreementStatus.Effective, s.Now);
        if (dispute.Status == DisputeStatus.MediatorAssigned)
            DisputeStateMachine.TryMove(dispute, DisputeStatus.InMediation, "system", null, "达成调解协议", s.Now);
        DisputeStateMachine.TryMove(dispute, DisputeStatus.Agreed, "system", null, $"调解协议{a.Number}生效", s.Now);
        if (a.Obligations.Any(o => o.Status == ObligationStatus.Open))
            DisputeStateMachine.TryMove(dispute, DisputeStatus.Performing, "system", null, "进入履行期", s.Now);
        else
        {
            DisputeStateMachine.TryMove(dispute, DisputeStatus.Fulfilled, "system", null, "协议无待履行义务", s.Now);
            FollowUps.CreateTask(dispute, s);
        }
        var judicial = AgreementQueries.Judicial(a, s.Options.Value);
        var body = judicial.Offered
            ? $"案件{dispute.Reference}的调解协议已于{ChinaTime.Format(s.Now)}生效。双方可在{AgreementText.Date(judicial.Deadline!.Value)}前共同向人民法院申请司法确认。"
            : $"案件{dispute.Reference}的调解协议已于{ChinaTime.Format(s.Now)}生效。{AgreementQueries.PersonalStatusReason}";
        await s.NotifyPartiesAsync(
            dispute,
            AgreementServices.CaseNotice("AgreementEffective", "调解协议已生效", body, dispute),
            $"agreement-effective:{a.Id:N}",
            ct
        );
        s.Audit.Record(
            "AgreementEffective",
            "Agreement",
            a.Id,
            new
            {
                a.Revision,
                a.EffectiveAt,
                judicialDeadline = judicial.Deadline,
            }
        );
    }
}
