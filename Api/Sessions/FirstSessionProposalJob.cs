using Hangfire;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Sessions;

/// <summary>
/// Enqueued when a case gets its mediator: proposes the earliest free slot of the first mediator's hours, in the
/// applicant's preferred mode, as a Proposed session, and asks everyone to confirm (POST /api/sessions/{id}/confirm).
/// Idempotent: a case that already has a live session, or is no longer waiting for one, is left alone. A proposal still
/// unconfirmed after Sessions:ProposalTimeout is withdrawn by <see cref="ExpireAsync"/> and the mediator schedules by
/// hand.
/// </summary>
public sealed class FirstSessionProposalJob(
    AppDbContext db,
    Notifier notifier,
    IBackgroundJobClient jobs,
    AuditLog audit,
    TimeProvider clock,
    IOptions<SessionsOptions> options,
    SqliteWriteGate writeGate
)
{
    public async Task<Guid?> RunAsync(Guid disputeId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var o = options.Value;
        var dispute = await db
            .Disputes.AsNoTracking()
            .Include(d => d.Mediators)
            .Include(d => d.Parties)
            .AsSplitQuery()
            .FirstOrDefaultAsync(d => d.Id == disputeId, ct);
        if (dispute is not { Status: DisputeStatus.MediatorAssigned })
            return null;
        if (
            dispute
                .Mediators.Where(m => m.RemovedAt == null)
                .OrderBy(m => m.AssignedAt)
                .Select(m => (Guid?)m.StaffUserId)
                .FirstOrDefault()
            is not { } mediator
        )
            return null;

        // The slot is chosen and taken under the mediator's booking lock, like a booking by hand: proposals for two of
        // their cases (assigned a moment apart) or a proposal and a booking by hand must not both take the same free
        // time.
        var duration = TimeSpan.FromMinutes(o.ProposalDurationMinutes);
        MediationSession? session = null;
        await using (var booking = await MediatorBookingLock.BeginAsync(db, writeGate, [mediator], ct))
        {
            if (
                await db.MediationSessions.AnyAsync(
                    s => s.DisputeId == disputeId && s.Status != SessionStatus.Cancelled,
                    ct
                )
            )
                return null;
            if (await Availability.EarliestSlotAsync(db, mediator, duration, now, o, ct) is { } start)
            {
                session = await ProposeAsync(dispute, mediator, start, duration, now, ct);
                await booking.CommitAsync(ct);
            }
        }
        if (session is null)
        {
            await notifier.SendOnceAsync(
                Recipient.Staff(mediator),
                new Notice(
                    "SessionProposalNone",
                    "SessionChanged",
                    "请安排调解",
                    $"案件 {dispute.Reference} 在您今后 {o.FirstSessionWithin} 个工作日的工作时间内没有空闲时段，请手动安排调解。",
                    disputeId,
                    null,
                    [],
                    InAppOnly: true
                ),
                $"first-session-none:{disputeId:N}",
                now,
                ct
            );
            return null;
        }

        var due = SessionScheduling.ScheduleReminders(db, session, o, now); // they send only once the session is confirmed
        jobs.Schedule<FirstSessionProposalJob>(
            job => job.ExpireAsync(session.Id, CancellationToken.None),
            o.ProposalTimeout
        );
        await db.SaveChangesAsync(ct);
        await ReminderWakeup.ArmAsync(db, jobs, due, now, ct);
        return session.Id;
    }

    /// <summary>Adds the proposed session, its notices and the audit entry, and saves them (inside the caller's
    /// booking).</summary>
    private async Task<MediationSession> ProposeAsync(
        Dispute dispute,
        Guid mediator,
        DateTime start,
        TimeSpan duration,
        DateTime now,
        CancellationToken ct
    )
    {
        var o = options.Value;
        var session = new MediationSession
        {
            DisputeId = dispute.Id,
            Mode = dispute.PreferredMode,
            Status = SessionStatus.Proposed,
            StartsAt = start,
            EndsAt = start + duration,
            DurationMinutes = o.ProposalDurationMinutes,
            MediatorIds = [mediator],
            PartyIds = dispute.Parties.Select(p => p.Id).ToList(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (session.Mode == MediationMode.OnSite)
            session.Location = await db.Bodies.Where(b => b.Id == dispute.BodyId).Select(b => b.Name).SingleAsync(ct);
        if (session.Mode == MediationMode.Online)
            session.JoinUrl = o.JoinUrlTemplate.Replace("{sessionId}", session.Id.ToString("N"));
        db.MediationSessions.Add(session);
        var notice = SessionScheduling.Describe(
            session,
            dispute.Reference,
            "SessionProposed",
            "SessionChanged",
            "请确认调解时间",
            $"系统建议的调解时间如下，请在 {(int)o.ProposalTimeout.TotalHours} 小时内确认："
        );
        foreach (var to in await SessionScheduling.RecipientsAsync(db, session, ct))
            await notifier.StageAsync(to, notice, $"session-proposed:{session.Id:N}:{to}", now, ct);
        audit.Record(
            "SessionProposed",
            "MediationSession",
            session.Id,
            new
            {
                disputeId = dispute.Id,
                start,
                mediator,
            }
        );
        await db.SaveChangesAsync(ct);
        return session;
    }

    public async Task<bool> ExpireAsync(Guid sessionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.MediationSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is not { Status: SessionStatus.Proposed })
            return false;
        await SessionScheduling.RemoveRemindersAsync(db, session, ct);
        (session.Status, session.CancelReason, session.CancelledAt, session.UpdatedAt) = (
            SessionStatus.Cancelled,
            "建议时间无人确认，已撤回",
            now,
            now
        );
        session.Version++;
        var caseNumber = await db
            .Disputes.Where(d => d.Id == session.DisputeId)
            .Select(d => d.CaseNumber ?? d.ApplicationNumber)
            .SingleAsync(ct);
        foreach (var mediator in session.MediatorIds)
            await notifier.StageAsync(
                Recipient.Staff(mediator),
                new Notice(
                    "SessionProposalWithdrawn",
                    "SessionChanged",
                    "请手动安排调解",
                    $"案件 {caseNumber} 的建议调解时间无人确认，已撤回。请与当事人联系后手动安排调解。",
                    session.DisputeId,
                    session.Id,
                    [],
                    InAppOnly: true
                ),
                $"session-proposal-withdrawn:{session.Id:N}:{mediator:N}",
                now,
                ct
            );
        audit.Record("SessionProposalWithdrawn", "MediationSession", sessionId);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
