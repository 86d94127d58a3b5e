using System.Text.Json;
using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Intake;
using Mediation.Api.ReferenceData;
using Mediation.Api.Rooms;
using Mediation.Api.Sessions;

namespace Mediation.Api.Documents;

/// <summary>The agreement as its documents print it: the confirmed text (art. 29) and who confirmed it when.</summary>
public sealed record AgreementPrint(
    Agreement Agreement,
    AgreementContext Context,
    string Text,
    IReadOnlyList<(string Who, DateTime At)> Signatures,
    JudicialConfirmationInfo Judicial
);

/// <summary>A confirmed record of an online sitting as the case file binds it: the confirmed text, who confirmed it how
/// and when, and the mediator's caucus summaries (staff only).</summary>
public sealed record RoomRecordPrint(
    Rooms.RoomRecord Record,
    IReadOnlyList<(string Who, DateTime At, bool OnPaper)> Confirmations,
    IReadOnlyList<(string Room, string Summary)> Summaries
);

/// <param name="Citizen">The caller is a party (a citizen); null for staff.</param>
/// <param name="Refusal">The coded reason of a refusal (不予受理) and its notice text, when the case was refused.</param>
/// <param name="Failure">The coded reason of a failed mediation (调解终止) with the mediator's note.</param>
public sealed record DocumentCase(
    Dispute Dispute,
    string BodyName,
    string? TypeName,
    IReadOnlyList<string> MediatorNames,
    IReadOnlyList<DisputeStatusChange> History,
    IReadOnlyList<LegalTextAcceptance> Acceptances,
    IReadOnlyList<MediationSession> Sessions,
    AgreementPrint? Agreement,
    (RejectionReason Reason, string? Note)? Refusal,
    (FailureReason Reason, MediationFailure Failure)? Failure,
    IReadOnlyList<FollowUp> FollowUps,
    IReadOnlyList<CaseNote> Notes,
    DateOnly Today,
    Guid? Citizen,
    IReadOnlyList<RoomRecordPrint>? RoomRecords = null
)
{
    /// <summary>The confirmed records of online sittings, in sitting order.</summary>
    public IReadOnlyList<RoomRecordPrint> ConfirmedRoomRecords => RoomRecords ?? [];

    /// <summary>Where a form requires the full ID number: staff (who may see the case) read every party's, a party
    /// only their own.</summary>
    public bool MayReadFullIdNumber(DisputeParty p) => Citizen is not { } me || p.UserId == me;

    public DisputeStatusChange? Last(DisputeStatus to) =>
        History.Where(h => h.To == to).OrderByDescending(h => h.At).FirstOrDefault();

    /// <summary>The citizen's own party rows (a citizen may be the filer, or a respondent who claimed the
    /// case).</summary>
    public bool CitizenIsApplicant =>
        Citizen is { } me
        && (Dispute.FiledByUserId == me || Dispute.Parties.Any(p => p.UserId == me && p.Role == PartyRole.Applicant));

    /// <summary>
    /// Loads what the documents of one case are made of, as the caller may see it: null when the case is not theirs to
    /// see (<see cref="AgreementServices.VisibleCaseAsync"/>, the one rule for citizens and staff). The agreement comes
    /// from the agreement feature's own queries, so the .docx says exactly what the parties confirmed.
    /// </summary>
    public static async Task<DocumentCase?> LoadAsync(
        Guid id,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var dispute = await s.VisibleCaseAsync(id, user, ct);
        if (dispute is null)
            return null;
        var db = s.Db;
        var history = await db.DisputeStatusChanges.AsNoTracking().Where(h => h.DisputeId == id).ToListAsync(ct);
        var acceptances = await db.LegalTextAcceptances.AsNoTracking().Where(a => a.DisputeId == id).ToListAsync(ct);
        var context = await s.ContextAsync(dispute, ct);
        var type = await db
            .DisputeTypes.AsNoTracking()
            .Where(t => t.Code == dispute.TypeCode)
            .Select(t => t.Name)
            .FirstOrDefaultAsync(ct);
        var mediatorIds = dispute.Mediators.Where(m => m.RemovedAt == null).Select(m => m.StaffUserId).ToList();
        var mediators = await db
            .StaffUsers.AsNoTracking()
            .Where(u => mediatorIds.Contains(u.Id))
            .Select(u => u.DisplayName)
            .ToListAsync(ct);
        var sessions = await db
            .MediationSessions.AsNoTracking()
            .Where(x => x.DisputeId == id)
            .OrderBy(x => x.StartsAt)
            .ToListAsync(ct);

        var agreementId = await db
            .Agreements.Where(a => a.DisputeId == id)
            .Select(a => (Guid?)a.Id)
            .FirstOrDefaultAsync(ct);
        var agreement = agreementId is { } aid ? await s.AgreementAsync(aid, ct) : null;
        AgreementPrint? print = null;
        if (agreement is not null)
        {
            var names = await AgreementQueries.SignerNamesAsync(agreement, context, s, ct);
            print = new AgreementPrint(
                agreement,
                context,
                AgreementText.Render(agreement, context, s.Protector),
                AgreementQueries.Current(agreement).Select(x => (names[x.Id], x.SignedAt)).ToList(),
                AgreementQueries.Judicial(agreement, s.Options.Value)
            );
        }

        var failure = await db
            .MediationFailures.AsNoTracking()
            .Where(f => f.DisputeId == id)
            .OrderByDescending(f => f.At)
            .FirstOrDefaultAsync(ct);
        var failureReason = failure is null
            ? null
            : await db.FailureReasons.AsNoTracking().FirstOrDefaultAsync(r => r.Code == failure.ReasonCode, ct);

        return new DocumentCase(
            dispute,
            context.BodyName,
            type,
            mediators,
            history,
            acceptances,
            sessions,
            print,
            await RefusalAsync(db, dispute, history, ct),
            failure is not null && failureReason is not null ? (failureReason, failure) : null,
            await db
                .FollowUps.AsNoTracking()
                .Where(f => f.DisputeId == id && f.Status == FollowUpStatus.Done)
                .OrderBy(f => f.DoneAt)
                .ToListAsync(ct),
            user.GetKind() == Claims.StaffKind
                ? await db.CaseNotes.AsNoTracking().Where(n => n.DisputeId == id).OrderBy(n => n.At).ToListAsync(ct)
                : [],
            s.Today,
            user.GetKind() == Claims.CitizenKind ? user.GetUserId() : null,
            await RoomRecordsAsync(db, dispute, ct)
        );
    }

    private static async Task<List<RoomRecordPrint>> RoomRecordsAsync(
        Infrastructure.Data.AppDbContext db,
        Dispute dispute,
        CancellationToken ct
    )
    {
        var records = await db
            .RoomRecords.AsNoTracking()
            .Include(r => r.Summaries)
            .Include(r => r.Confirmations)
            .AsSplitQuery()
            .Where(r => r.DisputeId == dispute.Id && r.Status == Rooms.RoomRecordStatus.Confirmed)
            .OrderBy(r => r.Number)
            .ToListAsync(ct);
        if (records.Count == 0)
            return [];
        var rooms = await db
            .MediationRooms.AsNoTracking()
            .Where(r => r.DisputeId == dispute.Id)
            .ToDictionaryAsync(r => r.Id, ct);
        return records
            .Select(r => new RoomRecordPrint(
                r,
                r.Confirmations.Where(c => c.Revision == r.Revision)
                    .OrderBy(c => c.ConfirmedAt)
                    .Select(c =>
                        (dispute.Parties.FirstOrDefault(p => p.Id == c.PartyId)?.Name ?? "", c.ConfirmedAt, c.OnPaper)
                    )
                    .ToList(),
                r.Summaries.OrderBy(x => x.Side).Select(x => (Rooms.RoomsApi.Name(rooms[x.RoomId]), x.Summary)).ToList()
            ))
            .ToList();
    }

    /// <summary>The refusal's reason code is kept in the decision's audit entry (the status history holds its
    /// label).</summary>
    private static async Task<(RejectionReason, string?)?> RefusalAsync(
        Infrastructure.Data.AppDbContext db,
        Dispute dispute,
        List<DisputeStatusChange> history,
        CancellationToken ct
    )
    {
        if (!history.Any(h => h.To == DisputeStatus.Rejected))
            return null;
        var target = dispute.Id.ToString();
        var details = await db
            .AuditEntries.AsNoTracking()
            .Where(e => e.Action == "DisputeRejected" && e.TargetType == "Dispute" && e.TargetId == target)
            .OrderByDescending(e => e.At)
            .Select(e => e.Details)
            .FirstOrDefaultAsync(ct);
        if (details is null)
            return null;
        using var json = JsonDocument.Parse(details);
        var code = json.RootElement.TryGetProperty("reasonCode", out var c) ? c.GetString() : null;
        var note = json.RootElement.TryGetProperty("note", out var n) ? n.GetString() : null;
        var reason = await db.RejectionReasons.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct);
        return reason is null ? null : (reason, note);
    }
}
