using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Intake;

/// <summary>
/// The queue, read with keyset pagination. Each (body, status) pair is one range of the index
/// (BodyId, Status, SubmittedAt|QueuedAt, Id), read from the cursor for at most limit + 1 rows; the ranges are
/// merged in memory. A page therefore touches O(bodies × statuses × limit) index entries whatever the table size.
/// </summary>
internal static class IntakeQueue
{
    /// <summary>What the queue shows by default: cases waiting for a decision, for corrections, or for a
    /// mediator.</summary>
    public static readonly DisputeStatus[] Waiting =
    [
        DisputeStatus.Submitted,
        DisputeStatus.Transferred,
        DisputeStatus.NeedsCorrection,
        DisputeStatus.Accepted,
    ];

    /// <summary>Cases whose acceptance deadline is running.</summary>
    public static readonly DisputeStatus[] AwaitingDecision = [DisputeStatus.Submitted, DisputeStatus.Transferred];

    public static bool IsOverdue(DisputeStatus status, DateTime queuedAt, DateTime now, IntakeOptions o) =>
        AwaitingDecision.Contains(status) && queuedAt + o.AcceptWithin < now;

    public static async Task<QueuePage> ReadAsync(
        QueueQuery q,
        ClaimsPrincipal user,
        IntakeServices s,
        CancellationToken ct
    )
    {
        var (db, now, options) = (s.Db, s.Now, s.Settings);
        var jurisdiction = await DisputeAccess.JurisdictionAsync(user, db, ct);
        var bodies = q.BodyId is { } only ? jurisdiction.Where(b => b == only).ToList() : jurisdiction;
        DisputeStatus[] statuses = q.Status is { } st ? [st] : Waiting;
        var sort = q.Sort ?? QueueCursor.Age;
        var limit = q.Limit ?? 20;
        QueueCursor? cursor = QueueCursor.TryParse(q.Cursor, out var parsed) ? parsed : null;
        var overdueBefore = now - options.AcceptWithin;

        // Rank orders before the key: the risk sort puts higher levels first (rank 3 - level), the others rank all 0.
        var keys = new List<(int Rank, DateTime Key, Guid Id)>();
        foreach (var body in bodies)
        foreach (var status in statuses)
        {
            var awaiting = AwaitingDecision.Contains(status);
            if (q.Overdue == true && !awaiting)
                continue;
            var query = Filtered(db, q, body, status);
            if (q.Overdue == true)
                query = query.Where(d => d.QueuedAt < overdueBefore);
            if (q.Overdue == false && awaiting)
                query = query.Where(d => d.QueuedAt >= overdueBefore);
            keys.AddRange(
                sort switch
                {
                    QueueCursor.Age => await ByAgeAsync(query, cursor, limit + 1, ct),
                    QueueCursor.Risk => await ByRiskAsync(query, cursor, limit + 1, ct),
                    _ => await ByDeadlineAsync(query, cursor, limit + 1, ct),
                }
            );
        }

        // Same order as the database: time, then the id as its canonical hex text (SQLite TEXT, PostgreSQL uuid byte
        // order).
        var page = keys.OrderBy(k => k.Rank)
            .ThenBy(k => k.Key)
            .ThenBy(k => k.Id.ToString("D"), StringComparer.OrdinalIgnoreCase)
            .Take(limit + 1)
            .ToList();
        string? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            next = new QueueCursor(sort, page[^1].Key.Ticks, page[^1].Id, 3 - page[^1].Rank).Encode();
        }

        var items = await RowsAsync(db, page.Select(p => p.Id).ToList(), jurisdiction, now, options, ct);
        return new QueuePage(
            items,
            next,
            await CountsAsync(db, bodies, statuses, options.CountLimit, ct),
            options.CountLimit
        );
    }

    private static IQueryable<Dispute> Filtered(AppDbContext db, QueueQuery q, Guid body, DisputeStatus status)
    {
        var query = db.Disputes.AsNoTracking().Where(d => d.BodyId == body && d.Status == status);
        if (!string.IsNullOrWhiteSpace(q.TypeCode))
            query = query.Where(d => d.TypeCode == q.TypeCode);
        if (q.Source is { } source)
            query = query.Where(d => d.Source == source);
        if (q.Risk is { } risk)
            query = query.Where(d => d.RiskLevel >= risk);
        if (q.SubmittedFrom is { } from)
        {
            var f = AsUtc(from);
            query = query.Where(d => d.SubmittedAt >= f);
        }
        if (q.SubmittedTo is { } to)
        {
            // A bare date means "up to the end of that day".
            var t = AsUtc(to.TimeOfDay == TimeSpan.Zero ? to.AddDays(1) : to);
            query = query.Where(d => d.SubmittedAt < t);
        }
        if (!string.IsNullOrWhiteSpace(q.Q))
        {
            var text = q.Q.Trim();
            query = query.Where(d =>
                d.CaseNumber == text || d.ApplicationNumber == text || d.Parties.Any(p => p.Name.StartsWith(text))
            );
        }
        return query;
    }

    // A bare date or a time without an offset is a Beijing day or time, as in bodies.
    private static DateTime AsUtc(DateTime value) => Infrastructure.WireTime.ToUtc(value);

    // The redundant "key >= cursor" keeps the condition a range both SQLite and PostgreSQL seek to in the index.
    private static async Task<List<(int, DateTime, Guid)>> ByRiskAsync(
        IQueryable<Dispute> query,
        QueueCursor? cursor,
        int take,
        CancellationToken ct
    )
    {
        if (cursor is { } c)
        {
            var (level, key, id) = ((RiskLevel)c.Level, c.Key, c.Id);
            query = query.Where(d =>
                d.RiskLevel <= level
                && (d.RiskLevel < level || d.SubmittedAt > key || (d.SubmittedAt == key && d.Id.CompareTo(id) > 0))
            );
        }
        var rows = await query
            .OrderByDescending(d => d.RiskLevel)
            .ThenBy(d => d.SubmittedAt)
            .ThenBy(d => d.Id)
            .Take(take)
            .Select(d => new
            {
                d.RiskLevel,
                d.SubmittedAt,
                d.Id,
            })
            .ToListAsync(ct);
        return rows.Select(r => (3 - (int)r.RiskLevel, r.SubmittedAt, r.Id)).ToList();
    }

    private static async Task<List<(int, DateTime, Guid)>> ByAgeAsync(
        IQueryable<Dispute> query,
        QueueCursor? cursor,
        int take,
        CancellationToken ct
    )
    {
        if (cursor is { } c)
        {
            var (key, id) = (c.Key, c.Id);
            query = query.Where(d => d.SubmittedAt >= key && (d.SubmittedAt > key || d.Id.CompareTo(id) > 0));
        }
        var rows = await query
            .OrderBy(d => d.SubmittedAt)
            .ThenBy(d => d.Id)
            .Take(take)
            .Select(d => new { d.SubmittedAt, d.Id })
            .ToListAsync(ct);
        return rows.Select(r => (0, r.SubmittedAt, r.Id)).ToList();
    }

    private static async Task<List<(int, DateTime, Guid)>> ByDeadlineAsync(
        IQueryable<Dispute> query,
        QueueCursor? cursor,
        int take,
        CancellationToken ct
    )
    {
        if (cursor is { } c)
        {
            var (key, id) = (c.Key, c.Id);
            query = query.Where(d => d.QueuedAt >= key && (d.QueuedAt > key || d.Id.CompareTo(id) > 0));
        }
        var rows = await query
            .OrderBy(d => d.QueuedAt)
            .ThenBy(d => d.Id)
            .Take(take)
            .Select(d => new { d.QueuedAt, d.Id })
            .ToListAsync(ct);
        return rows.Select(r => (0, r.QueuedAt, r.Id)).ToList();
    }

    /// <summary>Per-status counts over the caller's bodies, each stopping at the limit so that counting stays
    /// bounded.</summary>
    private static async Task<Dictionary<DisputeStatus, int>> CountsAsync(
        AppDbContext db,
        List<Guid> bodies,
        DisputeStatus[] statuses,
        int cap,
        CancellationToken ct
    )
    {
        var counts = new Dictionary<DisputeStatus, int>();
        foreach (var status in Waiting.Union(statuses))
        {
            var total = 0;
            foreach (var body in bodies)
            {
                if (total >= cap)
                    break;
                total += await db
                    .Disputes.Where(d => d.BodyId == body && d.Status == status)
                    .Take(cap - total)
                    .CountAsync(ct);
            }
            counts[status] = total;
        }
        return counts;
    }

    private static async Task<List<QueueItem>> RowsAsync(
        AppDbContext db,
        List<Guid> ids,
        List<Guid> jurisdiction,
        DateTime now,
        IntakeOptions o,
        CancellationToken ct
    )
    {
        if (ids.Count == 0)
            return [];
        var rows = await db
            .Disputes.AsNoTracking()
            .Where(d => ids.Contains(d.Id))
            .Select(d => new
            {
                d.Id,
                d.ApplicationNumber,
                d.CaseNumber,
                d.Status,
                d.Source,
                d.TypeCode,
                d.BodyId,
                d.SubmittedAt,
                d.QueuedAt,
                ReferralDueOn = d.Referral == null ? null : d.Referral.DueOn,
                d.RiskLevel,
                d.RiskReasonsJson,
                Parties = d
                    .Parties.Select(p => new
                    {
                        p.Role,
                        p.Position,
                        p.Name,
                    })
                    .ToList(),
            })
            .ToListAsync(ct);
        var bodyIds = rows.Select(r => r.BodyId).Distinct().ToList();
        var bodyNames = await db
            .Bodies.AsNoTracking()
            .Where(b => bodyIds.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var typeNames = await db.DisputeTypes.AsNoTracking().ToDictionaryAsync(t => t.Code, t => t.Name, ct);
        var claims = await ClaimsAsync(db, ids, o.ClaimTimeout, now, ct);
        var corrections = await db
            .CorrectionRequests.AsNoTracking()
            .Where(c => ids.Contains(c.DisputeId) && c.ClosedAt == null)
            .Select(c => new { c.DisputeId, c.Deadline })
            .ToListAsync(ct);
        var related = await RelatedCases.FindAsync(db, ids, jurisdiction, now - o.RelatedCasesWithin, ct);

        var byId = rows.ToDictionary(r => r.Id);
        return ids.Select(id => byId[id])
            .Select(r => new QueueItem(
                r.Id,
                r.ApplicationNumber,
                r.CaseNumber,
                r.Status,
                DisputeStateMachine.DisplayName(r.Status),
                r.Source,
                r.TypeCode,
                typeNames.GetValueOrDefault(r.TypeCode, r.TypeCode),
                r.BodyId,
                bodyNames.GetValueOrDefault(r.BodyId, ""),
                r.Parties.FirstOrDefault(p => p.Role == PartyRole.Applicant)?.Name ?? "",
                r.Parties.Where(p => p.Role == PartyRole.Respondent)
                    .OrderBy(p => p.Position)
                    .Select(p => p.Name)
                    .ToList(),
                r.SubmittedAt,
                r.QueuedAt,
                HoursBetween(r.QueuedAt, now),
                r.QueuedAt + o.AcceptWithin,
                IsOverdue(r.Status, r.QueuedAt, now, o),
                corrections.Where(c => c.DisputeId == r.Id).Select(c => (DateTime?)c.Deadline).FirstOrDefault(),
                claims.GetValueOrDefault(r.Id),
                related[r.Id],
                r.ReferralDueOn,
                r.RiskLevel,
                RiskReason.Parse(r.RiskReasonsJson)
            ))
            .ToList();
    }

    public static double HoursBetween(DateTime from, DateTime now) =>
        Math.Round(Math.Max(0, (now - from).TotalHours), 1);

    /// <summary>Live claims on these cases (lapsed ones are not shown).</summary>
    public static async Task<Dictionary<Guid, ClaimInfo>> ClaimsAsync(
        AppDbContext db,
        List<Guid> ids,
        TimeSpan timeout,
        DateTime now,
        CancellationToken ct
    )
    {
        var claims = await (
            from c in db.IntakeClaims.AsNoTracking()
            join s in db.StaffUsers.AsNoTracking() on c.StaffUserId equals s.Id
            where ids.Contains(c.DisputeId)
            select new
            {
                c.DisputeId,
                c.StaffUserId,
                s.DisplayName,
                c.ClaimedAt,
                c.LastActivityAt,
            }
        ).ToListAsync(ct);
        return claims
            .Where(c => c.LastActivityAt + timeout > now)
            .ToDictionary(
                c => c.DisputeId,
                c => new ClaimInfo(c.StaffUserId, c.DisplayName, c.ClaimedAt, c.LastActivityAt + timeout)
            );
    }
}
