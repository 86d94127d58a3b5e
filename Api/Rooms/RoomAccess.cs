using Mediation.Api.Auth;
using Mediation.Api.Disputes;

namespace Mediation.Api.Rooms;

/// <summary>Who is speaking in a room, as the case says now.</summary>
public sealed record Participant(
    MediationRoom Room,
    DisputeStatus CaseStatus,
    string CaseNumber,
    Guid UserId,
    string Role,
    string Name,
    Guid? PartyId,
    PartyRole? Side
)
{
    public const string MediatorRole = "Mediator";
    public bool IsMediator => Role == MediatorRole;

    /// <summary>Open: the case holds mediation and the mediator has not closed the room.</summary>
    public bool RoomOpen => RoomRules.IsOpen(Room, CaseStatus);
}

/// <summary>A refusal that both the REST endpoints (problem+json) and the hub (HubException) can give.</summary>
public sealed record Refusal(
    int Status,
    string Title,
    string Detail,
    string? Code = null,
    int? RetryAfterSeconds = null
)
{
    public static readonly Refusal NotFound = new(404, "未找到", "调解室不存在或您无权进入。");

    public static readonly Refusal RemovedMediator = new(
        403,
        "您已不再承办本案",
        "您已回避或本案已改由其他调解员、其他调解组织办理，不能再进入本案的调解室。"
    );

    public static readonly Refusal Muted = new(
        403,
        "您已被禁言",
        "调解员已暂停您在本调解室发言，请稍候或联系调解员。",
        RoomRules.MutedCode
    );

    public static Refusal Closed(DisputeStatus status) =>
        new(
            409,
            "调解室已关闭",
            DisputeStateMachine.HoldsSessions(status)
                ? "调解员已关闭该调解室，暂不能发言。"
                : $"案件当前状态为「{DisputeStateMachine.DisplayName(status)}」，调解室已关闭。",
            RoomRules.ClosedCode
        );

    public static Refusal TooManyRequests(int seconds) =>
        new(
            429,
            ProblemTitles.For(429) ?? "请求过于频繁",
            $"发言过于频繁，请 {Infrastructure.RateLimiting.RateLimits.Wait(seconds)}后再试。",
            Problems.Codes.TooManyRequests,
            seconds
        );

    /// <summary>The problem+json answer; a 429 also tells the client when to retry (Retry-After), as the HTTP rate
    /// limiter does.</summary>
    public ProblemHttpResult ToResult(HttpContext? http = null)
    {
        if (RetryAfterSeconds is { } seconds && http is not null)
            http.Response.Headers.RetryAfter = seconds.ToString();
        return Problems.Of(Status, Title, Detail, Code);
    }

    /// <summary>What a hub caller is told: the stable code first, so a client can branch on it, then the
    /// message.</summary>
    public string ToHubMessage() => $"{Code ?? Problems.Codes.For(Status)}: {Detail}";
}

public static class RoomRules
{
    public const string ClosedCode = "room-closed";
    public const string OfferNotOpenCode = "offer-not-open";
    public const string MutedCode = "muted";

    public static bool IsOpen(MediationRoom room, DisputeStatus status) =>
        room.ClosedAt == null && DisputeStateMachine.HoldsSessions(status);

    /// <summary>The party sides that get a caucus room, in a fixed order.</summary>
    public static IEnumerable<PartyRole> Sides(IEnumerable<PartyRole> roles) => roles.Distinct().Order();

    public static string RoleName(PartyRole role) => role.ToString();
}

/// <summary>
/// The one membership rule of rooms, checked on every read, every send and every join, against the database (not the
/// token): a party of the case is in the joint room and in the caucus room of their own side; a mediator currently
/// assigned to the case is in all its rooms. A mediator who was removed (回避, reassignment, transfer) is told so
/// (403); anyone else gets 404, so a party never learns that another side's caucus room exists.
/// </summary>
public sealed class RoomAccess(AppDbContext db)
{
    public async Task<(Participant? Member, Refusal? Refusal)> CheckAsync(
        Guid roomId,
        ClaimsPrincipal user,
        CancellationToken ct
    )
    {
        if (user.Identity?.IsAuthenticated != true)
            return (null, Refusal.NotFound);
        var room = await db.MediationRooms.FirstOrDefaultAsync(r => r.Id == roomId, ct);
        if (room is null)
            return (null, Refusal.NotFound);
        var dispute = await db
            .Disputes.AsNoTracking()
            .Where(d => d.Id == room.DisputeId)
            .Select(d => new { d.Status, CaseNumber = d.CaseNumber ?? d.ApplicationNumber })
            .SingleAsync(ct);
        var me = user.GetUserId();
        if (user.GetKind() == Claims.StaffKind)
        {
            var assignments = await db
                .DisputeMediators.AsNoTracking()
                .Where(m => m.DisputeId == room.DisputeId && m.StaffUserId == me)
                .Select(m => m.RemovedAt)
                .ToListAsync(ct);
            if (assignments.Count == 0)
                return (null, Refusal.NotFound);
            if (!assignments.Any(removedAt => removedAt == null) || !user.IsInRole(StaffRoles.Mediator))
                return (null, Refusal.RemovedMediator);
            var name = await db.StaffUsers.Where(s => s.Id == me).Select(s => s.DisplayName).SingleAsync(ct);
            return (
                new Participant(
                    room,
                    dispute.Status,
                    dispute.CaseNumber,
                    me,
                    Participant.MediatorRole,
                    name,
                    null,
                    null
                ),
                null
            );
        }

        var mine = await db
            .DisputeParties.AsNoTracking()
            .Where(p => p.DisputeId == room.DisputeId && p.UserId == me)
            .OrderBy(p => p.Role)
            .ThenBy(p => p.Position)
            .Select(p => new
            {
                p.Id,
                p.Role,
                p.Name,
            })
            .ToListAsync(ct);
        var party = room.Kind == RoomKind.Joint ? mine.FirstOrDefault() : mine.FirstOrDefault(p => p.Role == room.Side);
        if (party is null)
            return (null, Refusal.NotFound);
        return (
            new Participant(
                room,
                dispute.Status,
                dispute.CaseNumber,
                me,
                RoomRules.RoleName(party.Role),
                party.Name,
                party.Id,
                party.Role
            ),
            null
        );
    }

    /// <summary>
    /// The case's rooms, made when first needed: a case that has (or had) a mediator gets its joint room and a caucus
    /// room per party side. Two requests racing to make them both end with the same rooms (the key is unique per case).
    /// </summary>
    public async Task<List<MediationRoom>> EnsureRoomsAsync(Guid disputeId, DateTime now, CancellationToken ct)
    {
        var rooms = await db.MediationRooms.Where(r => r.DisputeId == disputeId).ToListAsync(ct);
        if (!await db.DisputeMediators.AnyAsync(m => m.DisputeId == disputeId, ct))
            return rooms;
        var roles = await db
            .DisputeParties.Where(p => p.DisputeId == disputeId)
            .Select(p => p.Role)
            .Distinct()
            .ToListAsync(ct);
        var missing = Wanted(disputeId, roles, now).Where(w => rooms.All(r => r.Key != w.Key)).ToList();
        if (missing.Count == 0)
            return rooms;
        db.MediationRooms.AddRange(missing);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            foreach (var room in missing)
                db.Entry(room).State = EntityState.Detached;
            return await db.MediationRooms.Where(r => r.DisputeId == disputeId).ToListAsync(ct);
        }
        return [.. rooms, .. missing];
    }

    public static IEnumerable<MediationRoom> Wanted(Guid disputeId, IEnumerable<PartyRole> roles, DateTime now) =>
        RoomRules
            .Sides(roles)
            .Select(side => new MediationRoom
            {
                DisputeId = disputeId,
                Kind = RoomKind.Caucus,
                Side = side,
                Key = MediationRoom.KeyFor(RoomKind.Caucus, side),
                CreatedAt = now,
            })
            .Prepend(
                new MediationRoom
                {
                    DisputeId = disputeId,
                    Kind = RoomKind.Joint,
                    Key = MediationRoom.JointKey,
                    CreatedAt = now,
                }
            );
}
