using Hangfire;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;
using Mediation.Api.WeChat;

namespace Mediation.Api.Sessions;

/// <summary>Clash checks, reminder jobs and notices shared by the session endpoints and jobs.</summary>
internal sealed record PartyAccount(Guid Id, Guid? UserId);

internal static class SessionScheduling
{
    public const string ReminderKind = "SessionReminder";

    /// <summary>A 409 naming the clash when the session's mediators are busy at [start, end) (the session itself
    /// aside).</summary>
    public static async Task<ProblemHttpResult?> ClashRefusalAsync(
        SessionServices s,
        MediationSession session,
        DateTime start,
        DateTime end,
        CancellationToken ct
    ) =>
        await ClashAsync(s.Db, session.MediatorIds, start, end, s.Options.Value.Buffer, session.Id, ct) is { } clash
            ? Problems.Conflict("调解员时间冲突", clash)
            : null;

    /// <summary>The first session of any of these mediators that overlaps [start, end) widened by the buffer, with its
    /// mediator's name and case number.</summary>
    public static async Task<string?> ClashAsync(
        AppDbContext db,
        IReadOnlyCollection<Guid> mediatorIds,
        DateTime start,
        DateTime end,
        TimeSpan buffer,
        Guid? except,
        CancellationToken ct
    )
    {
        var (from, to) = (start - buffer, end + buffer);
        var nearby = await db
            .MediationSessions.AsNoTracking()
            .Where(s =>
                s.Id != except
                && (s.Status == SessionStatus.Scheduled || s.Status == SessionStatus.Proposed)
                && s.StartsAt < to
                && s.EndsAt > from
            )
            .Join(
                db.Disputes,
                s => s.DisputeId,
                d => d.Id,
                (s, d) =>
                    new
                    {
                        s.StartsAt,
                        s.EndsAt,
                        s.MediatorIds,
                        CaseNumber = d.CaseNumber ?? d.ApplicationNumber,
                    }
            )
            .ToListAsync(ct);
        var clash = nearby
            .Select(s => (s, Mediator: s.MediatorIds.FirstOrDefault(mediatorIds.Contains)))
            .FirstOrDefault(x => x.Mediator != Guid.Empty);
        if (clash.s is null)
            return null;
        var name = await db.StaffUsers.Where(u => u.Id == clash.Mediator).Select(u => u.DisplayName).SingleAsync(ct);
        return $"调解员「{name}」在 {SubscribeMessageValues.Time(clash.s.StartsAt)} 至 {SubscribeMessageValues.Time(clash.s.EndsAt)[11..]} 已有案件 {clash.s.CaseNumber} 的调解安排"
            + $"（前后须间隔 {(int)buffer.TotalMinutes} 分钟）。";
    }

    /// <summary>Adds one pending reminder row per offset still in the future (saved with the caller's changes); returns
    /// the earliest due time.</summary>
    public static DateTime? ScheduleReminders(
        AppDbContext db,
        MediationSession session,
        SessionsOptions options,
        DateTime now
    )
    {
        DateTime? earliest = null;
        foreach (var offset in options.EffectiveReminderOffsets)
        {
            var at = session.StartsAt - offset;
            if (at <= now)
                continue;
            db.SessionReminders.Add(
                new SessionReminder
                {
                    SessionId = session.Id,
                    Offset = offset,
                    StartsAt = session.StartsAt,
                    DueAt = at,
                    Status = ReminderStatus.Pending,
                }
            );
            if (earliest is null || at < earliest)
                earliest = at;
        }
        return earliest;
    }

    /// <summary>Cancels the pending reminders and the reminders waiting in the outbox (a retry of one already
    /// due).</summary>
    public static async Task RemoveRemindersAsync(AppDbContext db, MediationSession session, CancellationToken ct)
    {
        foreach (
            var pending in db.SessionReminders.Local.Where(r =>
                r.SessionId == session.Id && r.Status == ReminderStatus.Pending
            )
        )
            pending.Status = ReminderStatus.Cancelled;
        await db
            .SessionReminders.Where(r => r.SessionId == session.Id && r.Status == ReminderStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReminderStatus.Cancelled), ct);
        await db
            .OutboxMessages.Where(o =>
                o.SessionId == session.Id && o.Kind == ReminderKind && o.Status == OutboxStatus.Pending
            )
            .ExecuteUpdateAsync(
                s =>
                    s.SetProperty(o => o.Status, OutboxStatus.Cancelled)
                        .SetProperty(o => o.LastError, "会议已变更或取消"),
                ct
            );
    }

    /// <summary>Every mediator and party of the session, once each: a party with an account as that citizen, one
    /// without as the party (SMS).</summary>
    public static async Task<List<Recipient>> RecipientsAsync(
        AppDbContext db,
        MediationSession session,
        CancellationToken ct
    )
    {
        var parties = await db
            .DisputeParties.AsNoTracking()
            .Where(p => p.DisputeId == session.DisputeId)
            .Select(p => new PartyAccount(p.Id, p.UserId))
            .ToListAsync(ct);
        return Recipients(session, parties);
    }

    public static List<Recipient> Recipients(MediationSession session, IEnumerable<PartyAccount> parties) =>
        session
            .MediatorIds.Select(Recipient.Staff)
            .Concat(
                parties
                    .Where(p => session.PartyIds.Contains(p.Id))
                    .Select(p => p.UserId is { } u ? Recipient.Citizen(u) : new Recipient(Recipient.Party, p.Id))
            )
            .Distinct()
            .ToList();

    public static string ModeName(MediationMode mode) =>
        mode switch
        {
            MediationMode.Phone => "电话调解",
            MediationMode.Online => "线上调解",
            _ => "现场调解",
        };

    public static string Place(MediationSession s) =>
        s.Mode switch
        {
            MediationMode.OnSite => s.Location ?? "现场",
            MediationMode.Online => "线上视频",
            _ => s.Location ?? "电话",
        };

    public static Notice Describe(
        MediationSession s,
        string caseNumber,
        string kind,
        string template,
        string title,
        string lead,
        bool inAppOnly = false
    )
    {
        var when = SubscribeMessageValues.Time(s.StartsAt);
        var join = s.Mode == MediationMode.Online && s.JoinUrl is { } url ? $"会议链接：{url}。" : "";
        var body = $"{lead}案件 {caseNumber}，{ModeName(s.Mode)}，时间 {when}（北京时间），地点：{Place(s)}。{join}";
        return new Notice(
            kind,
            template,
            title,
            body,
            s.DisputeId,
            s.Id,
            new Dictionary<string, string>
            {
                ["title"] = title,
                ["caseNumber"] = caseNumber,
                ["startsAt"] = when,
                ["mode"] = ModeName(s.Mode),
                ["place"] = Place(s),
                ["note"] = lead,
            },
            inAppOnly
        );
    }
}
