using Mediation.Api.Disputes;
using Mediation.Api.Notifications;

namespace Mediation.Api.Agreements;

/// <summary>
/// The committee's supervision of performance (art. 31), run as a sweep so that nothing depends on a job scheduled
/// months ahead: reminders before each instalment falls due, a notice and the Defaulted status when one is late, and
/// the judicial-confirmation reminders. Idempotent: every notice has a dedupe key, and a status moves once.
/// </summary>
public sealed class ComplianceJob(
    AppDbContext db,
    Notifier notifier,
    TimeProvider clock,
    IOptions<ComplianceOptions> options,
    AuditLog audit
)
{
    public const string RecurringId = "compliance-sweep";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = ChinaTime.Date(now).AddDays((int)Math.Ceiling(o.EffectiveReminderOffsets.Max().TotalDays) + 1);
        var obligations = await db
            .Obligations.AsNoTracking()
            .Include(x => x.Instalments)
            .Where(x =>
                x.Status == ObligationStatus.Open
                && x.Instalments.Any(i => i.DueDate <= horizon)
                && db.Set<Agreement>().Any(a => a.Id == x.AgreementId && a.Status == AgreementStatus.Effective)
            )
            .ToListAsync(ct);
        var ids = obligations.Select(x => x.Id).ToList();
        var paid = await ObligationLedger.ConfirmedAsync(db, ids, ct);
        var sent = 0;
        foreach (var obligation in obligations)
        {
            var dispute = await db
                .Disputes.Include(d => d.Parties)
                .AsSplitQuery()
                .SingleAsync(d => d.Id == obligation.DisputeId, ct);
            var obligor = dispute.Parties.Single(p => p.Id == obligation.ObligorPartyId);
            var unpaid = ObligationLedger.FirstUnpaid(obligation, paid.GetValueOrDefault(obligation.Id));
            if (unpaid is null)
                continue;
            if (now >= ObligationLedger.LateFrom(unpaid.DueDate, o))
            {
                if (
                    DisputeStateMachine.TryMove(
                        dispute,
                        DisputeStatus.Defaulted,
                        "system",
                        null,
                        $"义务{obligation.Position}逾期未履行",
                        now
                    )
                )
                {
                    audit.Record(
                        "ObligationOverdue",
                        "Obligation",
                        obligation.Id,
                        new { instalment = unpaid.Seq, unpaid.DueDate }
                    );
                    await db.SaveChangesAsync(ct);
                }
                if (
                    await notifier.SendOnceAsync(
                        AgreementServices.PartyRecipient(obligor),
                        Notice(
                            dispute,
                            "PerformanceOverdue",
                            "履行已逾期",
                            $"案件{dispute.Reference}：您应于{AgreementText.Date(unpaid.DueDate)}前履行的义务（{Describe(obligation, unpaid)}）已逾期。请尽快履行；逾期不履行可能被记入信用记录。"
                        ),
                        $"performance-overdue:{obligation.Id:N}:{unpaid.Seq}",
                        now,
                        ct
                    )
                )
                    sent++;
                continue;
            }
            foreach (var offset in o.EffectiveReminderOffsets)
            {
                var at = ChinaTime.Utc(unpaid.DueDate, o.ReminderTimeOfDay) - offset;
                if (now < at)
                    continue;
                var when = offset == TimeSpan.Zero ? "今天" : $"{offset.TotalDays:0.#}天后";
                if (
                    await notifier.SendOnceAsync(
                        AgreementServices.PartyRecipient(obligor),
                        Notice(
                            dispute,
                            "PerformanceReminder",
                            "履行提醒",
                            $"案件{dispute.Reference}：您有一项义务（{Describe(obligation, unpaid)}）{when}到期（{AgreementText.Date(unpaid.DueDate)}），请按协议履行并在小程序中报告。"
                        ),
                        $"performance-reminder:{obligation.Id:N}:{unpaid.Seq}:{offset.Ticks}",
                        now,
                        ct
                    )
                )
                    sent++;
            }
        }
        return sent + await JudicialRemindersAsync(now, o, ct);
    }

    /// <summary>Parties are told the deadline when the agreement takes effect; reminded on the configured days while
    /// nobody has applied.</summary>
    private async Task<int> JudicialRemindersAsync(DateTime now, ComplianceOptions o, CancellationToken ct)
    {
        var since = now.AddDays(-o.JudicialConfirmationDays);
        var agreements = await db
            .Agreements.AsNoTracking()
            .Where(a =>
                a.Status == AgreementStatus.Effective
                && !a.PersonalStatus
                && a.JudicialAppliedOn == null
                && a.EffectiveAt > since
            )
            .Select(a => new
            {
                a.Id,
                a.DisputeId,
                EffectiveAt = a.EffectiveAt!.Value,
            })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var a in agreements)
        {
            var deadline = ChinaTime.Date(a.EffectiveAt).AddDays(o.JudicialConfirmationDays);
            foreach (var day in o.EffectiveJudicialReminderDays.Where(d => now >= a.EffectiveAt.AddDays(d)))
            {
                var dispute = await db
                    .Disputes.AsNoTracking()
                    .Include(d => d.Parties)
                    .SingleAsync(d => d.Id == a.DisputeId, ct);
                foreach (var party in dispute.Parties)
                    if (
                        await notifier.SendOnceAsync(
                            AgreementServices.PartyRecipient(party),
                            Notice(
                                dispute,
                                "JudicialConfirmationReminder",
                                "司法确认提醒",
                                $"案件{dispute.Reference}的调解协议可在{AgreementText.Date(deadline)}前由双方共同向人民法院申请司法确认，逾期不能申请。"
                            ),
                            $"judicial-reminder:{a.Id:N}:{day}:{party.Id:N}",
                            now,
                            ct
                        )
                    )
                        sent++;
            }
        }
        return sent;
    }

    private static Notice Notice(Dispute d, string kind, string title, string body) =>
        AgreementServices.CaseNotice(kind, title, body, d, "PerformanceReminder");

    private static string Describe(Obligation o, Instalment i) =>
        i.AmountFen is { } fen
            ? $"{o.Description}，{(o.Instalments.Count > 1 ? $"第{i.Seq}期 " : "")}{AgreementText.Yuan(fen)}元"
            : o.Description;
}

/// <summary>How much of an obligation is paid, and which instalment is the first not yet covered by confirmed
/// payments.</summary>
public static class ObligationLedger
{
    public static async Task<Dictionary<Guid, long>> ConfirmedAsync(
        AppDbContext db,
        List<Guid> obligationIds,
        CancellationToken ct
    ) =>
        await db
            .Payments.Where(p => obligationIds.Contains(p.ObligationId) && p.Status == PaymentStatus.Confirmed)
            .GroupBy(p => p.ObligationId)
            .Select(g => new { g.Key, Sum = g.Sum(p => p.AmountFen) })
            .ToDictionaryAsync(x => x.Key, x => x.Sum, ct);

    public static Instalment? FirstUnpaid(Obligation o, long confirmedFen)
    {
        if (o.Status == ObligationStatus.Fulfilled)
            return null;
        var ordered = o.Instalments.OrderBy(i => i.Seq).ToList();
        if (o.AmountFen is null)
            return ordered[^1];
        long cumulative = 0;
        foreach (var i in ordered)
        {
            cumulative += i.AmountFen ?? 0;
            if (confirmedFen < cumulative)
                return i;
        }
        return null;
    }

    public static DateTime LateFrom(DateOnly due, ComplianceOptions o) => ChinaTime.Utc(due, o.DueAtTimeOfDay);

    public static bool IsLate(Obligation o, long confirmedFen, DateTime now, ComplianceOptions options) =>
        FirstUnpaid(o, confirmedFen) is { } i && now >= LateFrom(i.DueDate, options);
}
