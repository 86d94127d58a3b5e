using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Intake;

public sealed record MediatorOption(
    Guid Id,
    string Name,
    Guid BodyId,
    string BodyName,
    IReadOnlyList<string> TypeCodes,
    int OpenCases,
    int MaxOpenCases
);

/// <summary>The mediators intake staff may assign: active mediators of the bodies whose queues the caller
/// works.</summary>
public static class IntakeMediators
{
    public static async Task<Ok<List<MediatorOption>>> ListMediators(
        Guid? bodyId,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    )
    {
        var db = s.Db;
        var bodies = await DisputeAccess.JurisdictionAsync(user, db, ct);
        if (bodyId is { } only)
            bodies = bodies.Where(b => b == only).ToList();
        var staff = (
            await db
                .StaffUsers.AsNoTracking()
                .Where(x => x.Active && x.BodyId != null && bodies.Contains(x.BodyId.Value))
                .OrderBy(x => x.DisplayName)
                .ToListAsync(ct)
        )
            .Where(x => x.Roles.Contains(StaffRoles.Mediator))
            .ToList();
        var ids = staff.Select(x => x.Id).ToList();
        var profiles = await db
            .MediatorProfiles.AsNoTracking()
            .Where(p => ids.Contains(p.StaffUserId))
            .ToDictionaryAsync(p => p.StaffUserId, ct);
        var open = await MediatorCaseload.OpenCasesAsync(db, ids, ct);
        var names = await db
            .Bodies.AsNoTracking()
            .Where(b => bodies.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        return TypedResults.Ok(
            staff
                .Select(x => new MediatorOption(
                    x.Id,
                    x.DisplayName,
                    x.BodyId!.Value,
                    names.GetValueOrDefault(x.BodyId.Value, ""),
                    profiles.GetValueOrDefault(x.Id)?.TypeCodes ?? [],
                    open.GetValueOrDefault(x.Id),
                    profiles.GetValueOrDefault(x.Id)?.MaxOpenCases ?? MediatorProfile.DefaultMaxOpenCases
                ))
                .ToList()
        );
    }
}
