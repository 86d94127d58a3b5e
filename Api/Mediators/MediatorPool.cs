using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Mediators;

/// <summary>Citizens' satisfaction scores (1–5) of the cases the mediator handles or handled.</summary>
public sealed record MediatorRating(double? Average, int Count);

/// <summary>A mediator with what the directory and the recommendations need: their profile, body, load and
/// rating.</summary>
public sealed record Candidate(
    StaffUser Staff,
    MediatorProfile? Profile,
    MediationBody Body,
    int OpenCases,
    MediatorRating Rating,
    int? Years
)
{
    public IReadOnlyList<string> Specialties => Profile?.TypeCodes ?? [];
    public int MaxOpenCases => Profile?.MaxOpenCases ?? MediatorProfile.DefaultMaxOpenCases;
    public bool Full => OpenCases >= MaxOpenCases;

    public bool Serves(Guid bodyId) => Body.Id == bodyId || (Profile?.ServedBodyIds.Contains(bodyId) ?? false);

    /// <summary>An empty list of types means every type (as intake's assignment rule reads it).</summary>
    public bool Handles(string? typeCode) =>
        typeCode is null || Specialties.Count == 0 || Specialties.Contains(typeCode);

    /// <summary>2: the type is one they registered for; 1: they take every type; 0: not theirs.</summary>
    public int Match(string? typeCode) =>
        typeCode is not null && Specialties.Contains(typeCode) ? 2
        : Handles(typeCode) ? 1
        : 0;
}

/// <summary>
/// The listed mediators: active staff accounts with the Mediator role in an active body, whose recorded certificate
/// has not expired and whose recorded term has not ended (China dates, the last day still counts).
/// </summary>
public static class MediatorPool
{
    public const int Recommended = 3;

    public static async Task<List<Candidate>> ListedAsync(
        AppDbContext db,
        DateTime now,
        Guid? bodyId,
        CancellationToken ct
    )
    {
        var today = ChinaTime.Date(now);
        var bodies = await db.Bodies.AsNoTracking().Where(b => b.Active).ToDictionaryAsync(b => b.Id, ct);
        var staff = (
            await db
                .StaffUsers.AsNoTracking()
                .Where(s => s.Active && s.BodyId != null)
                .OrderBy(s => s.DisplayName)
                .ThenBy(s => s.Id)
                .ToListAsync(ct)
        )
            .Where(s => s.Roles.Contains(StaffRoles.Mediator) && bodies.ContainsKey(s.BodyId!.Value))
            .ToList();
        var ids = staff.Select(s => s.Id).ToList();
        var profiles = await db
            .MediatorProfiles.AsNoTracking()
            .Where(p => ids.Contains(p.StaffUserId))
            .ToDictionaryAsync(p => p.StaffUserId, ct);
        staff = staff
            .Where(s => InTerm(profiles.GetValueOrDefault(s.Id), today))
            .Where(s =>
                bodyId is not { } only
                || s.BodyId == only
                || (profiles.GetValueOrDefault(s.Id)?.ServedBodyIds.Contains(only) ?? false)
            )
            .ToList();
        ids = staff.Select(s => s.Id).ToList();
        var open = await MediatorCaseload.OpenCasesAsync(db, ids, ct);
        var ratings = await RatingsAsync(db, ids, ct);
        return staff
            .Select(s =>
            {
                var profile = profiles.GetValueOrDefault(s.Id);
                return new Candidate(
                    s,
                    profile,
                    bodies[s.BodyId!.Value],
                    open.GetValueOrDefault(s.Id),
                    ratings.GetValueOrDefault(s.Id) ?? new MediatorRating(null, 0),
                    profile?.ServingSince is { } since ? Math.Max(0, today.Year - since) : null
                );
            })
            .ToList();
    }

    /// <summary>Whether one mediator is listed, by the same rules as <see cref="ListedAsync"/> (their photo is public
    /// exactly while they are).</summary>
    public static async Task<bool> IsListedAsync(AppDbContext db, DateTime now, Guid id, CancellationToken ct)
    {
        var staff = await db.StaffUsers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.Active, ct);
        if (staff?.BodyId is not { } bodyId || !staff.Roles.Contains(StaffRoles.Mediator))
            return false;
        if (!await db.Bodies.AnyAsync(b => b.Id == bodyId && b.Active, ct))
            return false;
        var profile = await db.MediatorProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.StaffUserId == id, ct);
        return InTerm(profile, ChinaTime.Date(now));
    }

    /// <summary>No recorded certificate has expired and no recorded term has ended (the last day still counts).</summary>
    private static bool InTerm(MediatorProfile? p, DateOnly today) =>
        p is null
        || (
            (p.CertificateValidUntil is null || p.CertificateValidUntil >= today)
            && (p.TermEndsOn is null || p.TermEndsOn >= today)
        );

    /// <summary>Best first: the registered specialty, then the share of capacity in use (full ones are left out by
    /// the caller), then the rating and how many ratings it rests on.</summary>
    public static IOrderedEnumerable<Candidate> Ranked(IEnumerable<Candidate> candidates, string? typeCode) =>
        candidates
            .OrderByDescending(c => c.Match(typeCode))
            .ThenBy(c => (double)c.OpenCases / Math.Max(1, c.MaxOpenCases))
            .ThenByDescending(c => c.Rating.Average ?? 0)
            .ThenByDescending(c => c.Rating.Count)
            .ThenBy(c => c.Staff.DisplayName, StringComparer.Ordinal)
            .ThenBy(c => c.Staff.Id);

    private static async Task<Dictionary<Guid, MediatorRating>> RatingsAsync(
        AppDbContext db,
        List<Guid> ids,
        CancellationToken ct
    )
    {
        var rows = await db
            .DisputeMediators.AsNoTracking()
            .Where(m => ids.Contains(m.StaffUserId) && m.RemovedAt == null)
            .Join(db.PartySatisfactions, m => m.DisputeId, s => s.DisputeId, (m, s) => new { m.StaffUserId, s.Score })
            .GroupBy(x => x.StaffUserId)
            .Select(g => new
            {
                g.Key,
                Count = g.Count(),
                Sum = g.Sum(x => x.Score),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => new MediatorRating(Math.Round((double)r.Sum / r.Count, 1), r.Count));
    }
}
