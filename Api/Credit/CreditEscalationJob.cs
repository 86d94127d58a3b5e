using Mediation.Api.Agreements;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Credit;

/// <summary>
/// Drives the four steps on the clock. It only ever proposes (a supervisor decides) or carries out what a supervisor
/// approved once the party's objection window has passed. Idempotent: proposals and records have unique keys, and each
/// status moves once (optimistic concurrency), so two runs at once — two job servers — do everything once.
/// </summary>
public sealed class CreditEscalationJob(
    AppDbContext db,
    CreditSteps steps,
    TimeProvider clock,
    IOptions<CreditOptions> options,
    IOptions<ComplianceOptions> compliance,
    ILogger<CreditEscalationJob> logger
)
{
    public const string RecurringId = "credit-escalation";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var done = 0;
        if (options.Value.PushCommitments)
            done += await CommitmentRecordsAsync(now, ct);
        done += await WarningsAsync(now, ct);
        done += await PublicationsAsync(now, ct);
        done += await EndedWindowsAsync(now, ct);
        if (done > 0)
            logger.LogInformation("Credit escalation: {Count} proposals or records created", done);
        return done;
    }

    /// <summary>提示: each credit commitment signed at filing becomes a commitment record (a week's look-back covers an
    /// outage).</summary>
    private async Task<int> CommitmentRecordsAsync(DateTime now, CancellationToken ct)
    {
        var since = now.AddDays(-7);
        var signed = await db
            .LegalTextAcceptances.AsNoTracking()
            .Where(a => a.Kind == LegalTextCatalog.CreditCommitment && a.AcceptedAt > since)
            .Select(a => new
            {
                a.Id,
                a.DisputeId,
                a.PartyId,
                a.TextVersion,
            })
            .ToListAsync(ct);
        var keys = signed.Select(a => $"commitment:{a.Id:N}").ToList();
        var existing = await db
            .CreditRecords.Where(r => keys.Contains(r.SourceKey))
            .Select(r => r.SourceKey)
            .ToListAsync(ct);
        var points = await steps.PointsAsync(CreditEvents.Commitment, ct);
        var added = 0;
        foreach (var a in signed.Where(a => !existing.Contains($"commitment:{a.Id:N}")))
        {
            steps.AddRecord(
                $"commitment:{a.Id:N}",
                CreditStep.Commitment,
                a.DisputeId,
                a.PartyId,
                null,
                null,
                $"签署信用承诺书（{a.TextVersion}）",
                points
            );
            added++;
        }
        return await SaveAsync(added, ct);
    }

    /// <summary>警示: an instalment late by more than the grace proposes a warning for that obligation, once.</summary>
    private async Task<int> WarningsAsync(DateTime now, CancellationToken ct)
    {
        var latestDue = ChinaTime.Date(now - options.Value.WarningGrace);
        var obligations = await db
            .Obligations.AsNoTracking()
            .Include(o => o.Instalments)
            .Where(o =>
                o.Status == ObligationStatus.Open
                && o.Instalments.Any(i => i.DueDate <= latestDue)
                && db.Set<Agreement>().Any(a => a.Id == o.AgreementId && a.Status == AgreementStatus.Effective)
                && !db.Set<CreditProposal>()
                    .Any(p =>
                        p.ObligationId == o.Id && p.Step == CreditStep.Warning && p.Trigger == CreditTrigger.Overdue
                    )
            )
            .ToListAsync(ct);
        var paid = await ObligationLedger.ConfirmedAsync(db, obligations.Select(o => o.Id).ToList(), ct);
        var added = 0;
        foreach (var o in obligations)
        {
            var unpaid = ObligationLedger.FirstUnpaid(o, paid.GetValueOrDefault(o.Id));
            if (
                unpaid is null
                || now < ObligationLedger.LateFrom(unpaid.DueDate, compliance.Value) + options.Value.WarningGrace
            )
                continue;
            var dispute = await db.Disputes.AsNoTracking().SingleAsync(d => d.Id == o.DisputeId, ct);
            var reason =
                $"未按调解协议于{AgreementText.Date(unpaid.DueDate)}前履行（{o.Description}{(unpaid.AmountFen is { } f ? $"，{AgreementText.Yuan(f)}元" : "")}），逾期超过{Days(options.Value.WarningGrace)}";
            if (
                await steps.ProposeAsync(
                    dispute,
                    o.ObligorPartyId,
                    CreditStep.Warning,
                    CreditTrigger.Overdue,
                    reason,
                    o.Id,
                    null,
                    $"warning:{o.Id:N}",
                    ct
                )
                is not null
            )
                added++;
        }
        return await SaveAsync(added, ct);
    }

    /// <summary>公示: still unperformed a grace after the warning took effect.</summary>
    private async Task<int> PublicationsAsync(DateTime now, CancellationToken ct)
    {
        var effectiveBefore = now - options.Value.PublicationGrace;
        var warnings = await db
            .CreditProposals.AsNoTracking()
            .Where(p =>
                p.Step == CreditStep.Warning
                && p.Trigger == CreditTrigger.Overdue
                && p.Status == ProposalStatus.Effective
                && p.EffectiveAt <= effectiveBefore
                && db.Set<Obligation>().Any(o => o.Id == p.ObligationId && o.Status == ObligationStatus.Open)
                && !db.Set<CreditProposal>()
                    .Any(x => x.ObligationId == p.ObligationId && x.Step == CreditStep.Publication)
            )
            .ToListAsync(ct);
        var added = 0;
        foreach (var w in warnings)
        {
            var dispute = await db.Disputes.AsNoTracking().SingleAsync(d => d.Id == w.DisputeId, ct);
            var reason = $"经信用警示后{Days(options.Value.PublicationGrace)}仍未履行调解协议（{w.Reason}）";
            if (
                await steps.ProposeAsync(
                    dispute,
                    w.PartyId,
                    CreditStep.Publication,
                    CreditTrigger.Overdue,
                    reason,
                    w.ObligationId,
                    null,
                    $"publication:{w.ObligationId:N}",
                    ct,
                    w.Id
                )
                is not null
            )
                added++;
        }
        return await SaveAsync(added, ct);
    }

    private async Task<int> EndedWindowsAsync(DateTime now, CancellationToken ct)
    {
        var due = await db
            .CreditProposals.Where(p => p.Status == ProposalStatus.Approved && p.ObjectionDeadline <= now)
            .Take(500)
            .ToListAsync(ct);
        foreach (var p in due)
            await steps.MakeEffectiveAsync(p, ct);
        return await SaveAsync(due.Count, ct);
    }

    private async Task<int> SaveAsync(int count, CancellationToken ct)
    {
        if (count == 0)
            return 0;
        await db.SaveChangesAsync(ct);
        return count;
    }

    private static string Days(TimeSpan t) =>
        t.TotalDays >= 1 ? $"{t.TotalDays:0.#}天"
        : t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0}分钟"
        : $"{t.TotalSeconds:0}秒";
}
