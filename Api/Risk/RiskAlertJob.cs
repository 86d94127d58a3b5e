using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Risk;

/// <summary>
/// Tells the people who must act: the supervisors of the case's body (or of the nearest body above that has one) and
/// the body's WeCom robot. An alert is delivered once (its row records when); a report is handed up one body each time
/// it goes unacknowledged past its deadline, until someone acknowledges it. Both run again safely: dedupe keys and row
/// state.
/// </summary>
public sealed class RiskAlertJob(
    AppDbContext db,
    Notifier notifier,
    AuditLog audit,
    TimeProvider clock,
    IOptions<RiskOptions> options
)
{
    public const string RecurringId = "risk-sweep";

    /// <summary>An alert whose job did not run within this long is delivered by the sweep.</summary>
    public static readonly TimeSpan MissedAfter = TimeSpan.FromMinutes(1);

    public async Task<bool> DeliverAsync(Guid alertId, CancellationToken ct)
    {
        var alert = await db.RiskAlerts.FirstOrDefaultAsync(a => a.Id == alertId, ct);
        if (alert is null || alert.DeliveredAt is not null)
            return false;
        var d = await db.Disputes.AsNoTracking().FirstAsync(x => x.Id == alert.DisputeId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var report = await db
            .RiskReports.AsNoTracking()
            .Where(r => r.DisputeId == d.Id && r.AcknowledgedAt == null)
            .FirstOrDefaultAsync(ct);
        var reasons = RiskReason.Parse(d.RiskReasonsJson);
        var body =
            $"案件 {d.Reference} 风险等级为「{LevelName(alert.Level)}」：{string.Join("；", reasons.Take(4).Select(r => r.Text))}。"
            + "请立即研判，采取针对性预防措施（《人民调解法》第二十五条）。";
        if (report is not null)
            body += $"已生成风险报告，请于 {ChinaTime.Format(report.DueAt)} 前确认，逾期将逐级上报。";
        var notice = new Notice(
            "RiskAlert",
            "RiskAlert",
            $"风险预警：{LevelName(alert.Level)}",
            body,
            d.Id,
            null,
            new() { ["caseNumber"] = d.Reference, ["level"] = LevelName(alert.Level) }
        );
        foreach (var to in await RecipientsAsync(d.BodyId, ct))
            await notifier.StageAsync(to, notice, $"risk-alert:{alert.Id:N}:{to.Kind}:{to.Id:N}", now, ct);
        if (report is not null && alert.Level == RiskLevel.Major)
        {
            // Art. 25: a dispute that may turn into a mass incident is reported at once to the police and the
            // authority concerned: the police liaison and the governance centre nearest the case's body.
            var outside = ReportNotice(d, reasons, report, await BodyNameAsync(d.BodyId, ct));
            foreach (var to in await ReportContactsAsync(d.BodyId, nearest: true, ct))
                await notifier.StageAsync(to, outside, $"risk-report:{report.Id:N}:0:{to.Kind}:{to.Id:N}", now, ct);
        }
        alert.DeliveredAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Its job and the sweep (or a retry) delivered it at the same time: the other one's notices are committed.
            db.ChangeTracker.Clear();
            if (await db.RiskAlerts.AnyAsync(a => a.Id == alertId && a.DeliveredAt != null, ct))
                return false;
            throw;
        }
        return true;
    }

    /// <summary>Every minute: alerts that missed their job, and reports past their deadline handed one body
    /// up.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var missed = await db
            .RiskAlerts.Where(a => a.DeliveredAt == null && a.RaisedAt < now - MissedAfter)
            .OrderBy(a => a.RaisedAt)
            .Select(a => a.Id)
            .Take(100)
            .ToListAsync(ct);
        var done = 0;
        foreach (var id in missed)
            if (await DeliverAsync(id, ct))
                done++;
        var overdue = await db
            .RiskReports.Where(r => r.AcknowledgedAt == null && r.DueAt <= now)
            .OrderBy(r => r.DueAt)
            .Take(100)
            .ToListAsync(ct);
        foreach (var report in overdue)
        {
            await EscalateAsync(report, now, ct);
            done++;
        }
        return done;
    }

    private async Task EscalateAsync(RiskReport report, DateTime now, CancellationToken ct)
    {
        var from = report.AtBodyId;
        var parent = await db.Bodies.Where(b => b.Id == from).Select(b => b.ParentId).FirstAsync(ct);
        report.AtBodyId = parent ?? from;
        report.Escalations++;
        report.DueAt = now + options.Value.AcknowledgeWithin;
        report.Version++;
        var d = await db.Disputes.AsNoTracking().FirstAsync(x => x.Id == report.DisputeId, ct);
        var bodyName = await db.Bodies.Where(b => b.Id == report.AtBodyId).Select(b => b.Name).FirstAsync(ct);
        var notice = new Notice(
            "RiskReportEscalated",
            "RiskAlert",
            "风险报告逾期未确认，已逐级上报",
            $"案件 {d.Reference} 的重大风险报告逾期未获确认，现报送{bodyName}（第 {report.Escalations} 次上报）。"
                + $"请于 {ChinaTime.Format(report.DueAt)} 前确认并组织处置。",
            d.Id,
            null,
            new() { ["caseNumber"] = d.Reference, ["level"] = LevelName(RiskLevel.Major) }
        );
        foreach (var to in await RecipientsAsync(report.AtBodyId, ct))
            await notifier.StageAsync(
                to,
                notice,
                $"risk-report:{report.Id:N}:{report.Escalations}:{to.Kind}:{to.Id:N}",
                now,
                ct
            );
        // The level it reaches tells its own police liaison and governance centre, where it has them.
        var outside = ReportNotice(d, RiskReason.Parse(d.RiskReasonsJson), report, bodyName);
        foreach (var to in await ReportContactsAsync(report.AtBodyId, nearest: false, ct))
            await notifier.StageAsync(
                to,
                outside,
                $"risk-report:{report.Id:N}:{report.Escalations}:{to.Kind}:{to.Id:N}",
                now,
                ct
            );
        audit.Record(
            "RiskReportEscalated",
            "RiskReport",
            report.Id,
            new
            {
                fromBodyId = from,
                toBodyId = report.AtBodyId,
                escalations = report.Escalations,
            }
        );
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Acknowledged or escalated by someone else meanwhile: the next sweep sees the new state.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The SMS to the police liaison and the governance centre: self-contained, since they have no account.</summary>
    private static Notice ReportNotice(
        Dispute d,
        IReadOnlyList<RiskReason> reasons,
        RiskReport report,
        string bodyName
    ) =>
        new(
            "RiskReportOutside",
            "RiskReport",
            "重大矛盾纠纷风险报告",
            $"{bodyName}受理的纠纷（案件 {d.Reference}）经研判存在重大风险："
                + $"{string.Join("；", reasons.Take(3).Select(r => r.Text))}。"
                + "依《人民调解法》第二十五条报告，请及时研判并协同处置"
                + (report.Escalations > 0 ? $"（逾期未获确认，第 {report.Escalations} 次上报）。" : "。"),
            d.Id,
            null,
            new() { ["caseNumber"] = d.Reference, ["level"] = LevelName(RiskLevel.Major) }
        );

    private Task<string> BodyNameAsync(Guid bodyId, CancellationToken ct) =>
        db.Bodies.Where(b => b.Id == bodyId).Select(b => b.Name).FirstAsync(ct);

    /// <summary>The police liaison and the governance centre set for the body; with <paramref name="nearest"/>, each
    /// from the body or the nearest body above that has one.</summary>
    private async Task<List<Recipient>> ReportContactsAsync(Guid bodyId, bool nearest, CancellationToken ct)
    {
        var contacts = await db
            .BodyAlertChannels.AsNoTracking()
            .Where(c => c.PoliceLiaisonPhoneCipher != null || c.GovernanceCentrePhoneCipher != null)
            .Select(c => new
            {
                c.BodyId,
                Police = c.PoliceLiaisonPhoneCipher != null,
                Centre = c.GovernanceCentrePhoneCipher != null,
            })
            .ToDictionaryAsync(c => c.BodyId, ct);
        if (contacts.Count == 0)
            return [];
        var tree = await db
            .Bodies.AsNoTracking()
            .Select(b => new { b.Id, b.ParentId })
            .ToDictionaryAsync(b => b.Id, b => b.ParentId, ct);
        Guid? police = null,
            centre = null;
        var seen = new HashSet<Guid>();
        for (Guid? b = bodyId; b is { } id && seen.Add(id); b = nearest ? tree.GetValueOrDefault(id) : null)
            if (contacts.GetValueOrDefault(id) is { } c)
            {
                police ??= c.Police ? id : null;
                centre ??= c.Centre ? id : null;
            }
        return
        [
            .. police is { } p ? [new Recipient(Recipient.PoliceLiaison, p)] : Array.Empty<Recipient>(),
            .. centre is { } g ? [new Recipient(Recipient.GovernanceCentre, g)] : Array.Empty<Recipient>(),
        ];
    }

    /// <summary>The supervisors of the body, or of the nearest body above with any, and the body's own robot.</summary>
    private async Task<List<Recipient>> RecipientsAsync(Guid bodyId, CancellationToken ct)
    {
        var tree = await db
            .Bodies.AsNoTracking()
            .Select(b => new { b.Id, b.ParentId })
            .ToDictionaryAsync(b => b.Id, b => b.ParentId, ct);
        var result = new List<Recipient> { new(Recipient.Body, bodyId) };
        var seen = new HashSet<Guid>();
        for (Guid? b = bodyId; b is { } id && seen.Add(id); b = tree.GetValueOrDefault(id))
        {
            var supervisors = await db
                .StaffUsers.Where(u => u.Active && u.BodyId == id && u.Roles.Contains(StaffRoles.Supervisor))
                .Select(u => u.Id)
                .ToListAsync(ct);
            if (supervisors.Count == 0)
                continue;
            result.AddRange(supervisors.Select(Recipient.Staff));
            break;
        }
        return result;
    }

    public static string LevelName(RiskLevel level) =>
        level switch
        {
            RiskLevel.Major => "重大",
            RiskLevel.High => "高",
            RiskLevel.Medium => "中",
            _ => "低",
        };
}
