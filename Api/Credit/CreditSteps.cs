using Hangfire;
using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Credit;

/// <summary>
/// The moves of the credit escalation that more than one place makes: proposing a step (and telling the supervisors),
/// making an approved step effective once its objection window has passed (which creates the record to push), and
/// undoing steps when the party performs (credit repair). Callers save; the commit hands new records to the push job.
/// </summary>
public sealed class CreditSteps(
    AppDbContext db,
    UnitOfWork work,
    Notifier notifier,
    AuditLog audit,
    TimeProvider clock,
    IBackgroundJobClient jobs
) : ICommitParticipant
{
    private readonly List<Guid> stagedRecords = [];

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<CreditProposal?> ProposeAsync(
        Dispute dispute,
        Guid partyId,
        CreditStep step,
        CreditTrigger trigger,
        string reason,
        Guid? obligationId,
        Guid? proposedById,
        string? dedupeKey,
        CancellationToken ct,
        Guid? precedingId = null
    )
    {
        if (
            dedupeKey is not null
            && (
                await db.CreditProposals.AnyAsync(p => p.DedupeKey == dedupeKey, ct)
                || db.CreditProposals.Local.Any(p => p.DedupeKey == dedupeKey)
            )
        )
            return null;
        var proposal = new CreditProposal
        {
            DisputeId = dispute.Id,
            BodyId = dispute.BodyId,
            PartyId = partyId,
            ObligationId = obligationId,
            PrecedingProposalId = precedingId,
            Step = step,
            Trigger = trigger,
            Reason = reason,
            Points = await PointsAsync(EventCode(step, trigger), ct),
            ProposedAt = Now,
            ProposedById = proposedById,
            DedupeKey = dedupeKey,
        };
        db.CreditProposals.Add(proposal);
        audit.Record(
            "CreditProposed",
            "CreditProposal",
            proposal.Id,
            new
            {
                disputeId = dispute.Id,
                partyId,
                step,
                trigger,
                reason,
            }
        );
        var notice = new Notice(
            "CreditProposal",
            "CreditProposal",
            $"待审批：{StepName(step)}",
            $"案件{dispute.Reference}：{reason}。请在信用措施审批中处理。",
            dispute.Id,
            null,
            new() { ["title"] = $"待审批：{StepName(step)}", ["caseNumber"] = dispute.Reference }
        );
        foreach (var supervisor in await SupervisorsOfAsync(dispute.BodyId, ct))
            await notifier.StageAsync(
                Recipient.Staff(supervisor),
                notice,
                $"credit-proposed:{proposal.Id:N}:{supervisor:N}",
                Now,
                ct
            );
        return proposal;
    }

    /// <summary>An approved step whose objection window ended without a pending or upheld objection takes effect and is
    /// pushed.</summary>
    public async Task MakeEffectiveAsync(CreditProposal proposal, CancellationToken ct)
    {
        (proposal.Status, proposal.EffectiveAt) = (ProposalStatus.Effective, Now);
        proposal.Version++;
        var dispute = await db.Disputes.Include(d => d.Parties).SingleAsync(d => d.Id == proposal.DisputeId, ct);
        AddRecord(
            $"proposal:{proposal.Id:N}",
            proposal.Step,
            proposal.DisputeId,
            proposal.PartyId,
            proposal.Id,
            null,
            proposal.Reason,
            proposal.Points
        );
        audit.Record("CreditStepEffective", "CreditProposal", proposal.Id, new { proposal.Step, proposal.PartyId });
        var party = dispute.Parties.Single(p => p.Id == proposal.PartyId);
        await notifier.StageAsync(
            AgreementServices.PartyRecipient(party),
            AgreementServices.CaseNotice(
                "CreditStepEffective",
                $"{StepName(proposal.Step)}已生效",
                $"案件{dispute.Reference}：对您的{StepName(proposal.Step)}已生效并报送信用中心（{proposal.Reason}）。履行义务后将依法进行信用修复。",
                dispute,
                "CreditNotice"
            ),
            $"credit-effective:{proposal.Id:N}",
            Now,
            ct
        );
    }

    /// <summary>The party performed: pending steps on that obligation are withdrawn, effective ones retracted with a
    /// repair record.</summary>
    public async Task OnPerformedAsync(Dispute dispute, Obligation obligation, CancellationToken ct)
    {
        var proposals = await db
            .CreditProposals.Where(p =>
                p.DisputeId == dispute.Id
                && p.ObligationId == obligation.Id
                && p.PartyId == obligation.ObligorPartyId
                && p.Trigger != CreditTrigger.Dishonesty
                && p.Status != ProposalStatus.Rejected
                && p.Status != ProposalStatus.Withdrawn
                && p.Status != ProposalStatus.Retracted
            )
            .ToListAsync(ct);
        var repaired = false;
        foreach (var p in proposals)
        {
            if (p.Status == ProposalStatus.Effective)
            {
                var pushed = await db
                    .CreditRecords.Where(r => r.ProposalId == p.Id)
                    .Select(r => r.Id)
                    .FirstOrDefaultAsync(ct);
                AddRecord(
                    $"repair:{p.Id:N}",
                    CreditStep.Repair,
                    p.DisputeId,
                    p.PartyId,
                    p.Id,
                    pushed == Guid.Empty ? null : pushed,
                    $"当事人已履行调解协议义务，撤回{StepName(p.Step)}",
                    await PointsAsync(CreditEvents.Repair, ct)
                );
                (p.Status, p.EndedAt, p.EndReason) = (ProposalStatus.Retracted, Now, "当事人已履行，信用修复");
                repaired = true;
            }
            else
            {
                // An objection still pending against a withdrawn step has nothing left to decide: dismissing it must
                // not revive the step.
                if (p.Status == ProposalStatus.Objected)
                    await db
                        .CreditObjections.Where(o => o.ProposalId == p.Id && o.Status == ObjectionStatus.Pending)
                        .ForEachAsync(
                            o =>
                                (o.Status, o.DecidedAt, o.DecisionReason) = (
                                    ObjectionStatus.Moot,
                                    Now,
                                    "当事人已履行，该措施已撤回"
                                ),
                            ct
                        );
                (p.Status, p.EndedAt, p.EndReason) = (ProposalStatus.Withdrawn, Now, "当事人已履行");
            }
            p.Version++;
            audit.Record(
                p.Status == ProposalStatus.Retracted ? "CreditRepaired" : "CreditProposalWithdrawn",
                "CreditProposal",
                p.Id,
                new { p.Step, reason = p.EndReason }
            );
        }
        if (repaired)
        {
            var party = dispute.Parties.Single(p => p.Id == obligation.ObligorPartyId);
            await notifier.StageAsync(
                AgreementServices.PartyRecipient(party),
                AgreementServices.CaseNotice(
                    "CreditRepaired",
                    "信用修复",
                    $"案件{dispute.Reference}：您已履行调解协议义务，此前报送的信用记录已撤回（信用修复）。",
                    dispute,
                    "CreditNotice"
                ),
                $"credit-repaired:{obligation.Id:N}",
                Now,
                ct
            );
        }
    }

    public void AddRecord(
        string sourceKey,
        CreditStep type,
        Guid disputeId,
        Guid partyId,
        Guid? proposalId,
        Guid? retracts,
        string reason,
        int points
    )
    {
        var record = new CreditRecord
        {
            SourceKey = sourceKey,
            Type = type,
            DisputeId = disputeId,
            PartyId = partyId,
            ProposalId = proposalId,
            RetractsRecordId = retracts,
            Reason = reason,
            Points = points,
            EventAt = Now,
            NextAttemptAt = Now,
            CreatedAt = Now,
        };
        db.CreditRecords.Add(record);
        stagedRecords.Add(record.Id);
        work.Enlist(this);
    }

    void ICommitParticipant.Committed()
    {
        foreach (var id in stagedRecords)
            jobs.Enqueue<CreditPushJob>(job => job.DeliverAsync(id, CancellationToken.None));
        stagedRecords.Clear();
    }

    void ICommitParticipant.Abandoned() => stagedRecords.Clear();

    /// <summary>Supervisors of the body and of every body above it.</summary>
    public async Task<List<Guid>> SupervisorsOfAsync(Guid bodyId, CancellationToken ct)
    {
        var tree = await db
            .Bodies.AsNoTracking()
            .Select(b => new { b.Id, b.ParentId })
            .ToDictionaryAsync(b => b.Id, b => b.ParentId, ct);
        var chain = new List<Guid>();
        for (Guid? b = bodyId; b is { } id && !chain.Contains(id); b = tree.GetValueOrDefault(id))
            chain.Add(id);
        return await db
            .StaffUsers.Where(u =>
                u.Active
                && u.BodyId != null
                && chain.Contains(u.BodyId.Value)
                && u.Roles.Contains(StaffRoles.Supervisor)
            )
            .Select(u => u.Id)
            .ToListAsync(ct);
    }

    public async Task<int> PointsAsync(string eventCode, CancellationToken ct) =>
        await db.CreditPointRules.Where(r => r.EventCode == eventCode).Select(r => r.Points).FirstOrDefaultAsync(ct);

    public static string EventCode(CreditStep step, CreditTrigger trigger) =>
        step switch
        {
            CreditStep.Commitment => CreditEvents.Commitment,
            CreditStep.Warning => trigger == CreditTrigger.Dishonesty
                ? CreditEvents.DishonestyWarning
                : CreditEvents.OverdueWarning,
            CreditStep.Publication => CreditEvents.Publication,
            CreditStep.Enforcement => CreditEvents.Enforcement,
            _ => CreditEvents.Repair,
        };

    public static string StepName(CreditStep step) =>
        step switch
        {
            CreditStep.Commitment => "信用承诺",
            CreditStep.Warning => "信用警示",
            CreditStep.Publication => "信用公示",
            CreditStep.Enforcement => "失信惩戒",
            _ => "信用修复",
        };
}
