using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Sessions;

/// <summary>A party as a mediator's case list shows it: name and role, phone and ID number masked.</summary>
public sealed record MediatorCaseParty(
    Guid Id,
    PartyRole Role,
    PartyKind Kind,
    string Name,
    string? Phone,
    string? IdNumber,
    string? CreditCode,
    bool HasAccount
);

public sealed record MediatorNextSession(
    Guid Id,
    DateTime StartsAt,
    DateTime EndsAt,
    MediationMode Mode,
    SessionStatus Status
);

public sealed record MediatorCase(
    Guid Id,
    string CaseNumber,
    DisputeStatus Status,
    string StatusName,
    string TypeCode,
    string TypeName,
    Guid BodyId,
    string BodyName,
    DateTime AssignedAt,
    IReadOnlyList<MediatorCaseParty> Parties,
    MediatorNextSession? NextSession
);

public sealed record MediatorCaseList(IReadOnlyList<MediatorCase> Items);

public sealed record MediatorCaseHistory(DisputeStatus? From, DisputeStatus To, DateTime At, string? Reason);

/// <summary>One case in full for its assigned mediator: what the case view needs besides evidence, notes and the
/// agreement.</summary>
public sealed record MediatorCaseDetail(
    MediatorCase Case,
    string Facts,
    string Claims,
    long? AmountFen,
    string? Place,
    DateTime SubmittedAt,
    IReadOnlyList<MediatorCaseHistory> History
);

/// <summary>
/// The cases currently assigned to the calling mediator (an active assignment, whatever the case's status), so the
/// console lists them from the API rather than from inbox notices. Anyone else's case answers 404, as everywhere.
/// </summary>
public static class MediatorCasesApi
{
    public static IEndpointRouteBuilder MapMediatorCasesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/mediator/cases")
            .WithTags("Mediators")
            .RequireAuthorization(SessionsApi.MediatorPolicy);
        group.MapGet("/", ListMyCases).Named(nameof(ListMyCases), "我承办的案件（当前指派给我的）");
        group.MapGet("/{id:guid}", GetMyCase).Named(nameof(GetMyCase), "我承办的一件案件（个人信息脱敏）");
        return app;
    }

    public static async Task<Ok<MediatorCaseList>> ListMyCases(
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var disputes = await Assigned(db, user.GetUserId())
            .OrderByDescending(d => d.UpdatedAt)
            .Take(500)
            .ToListAsync(ct);
        return TypedResults.Ok(
            new MediatorCaseList(await ToItemsAsync(disputes, user.GetUserId(), db, protector, clock, ct))
        );
    }

    public static async Task<Results<Ok<MediatorCaseDetail>, NotFound>> GetMyCase(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var dispute = await Assigned(db, me).Include(d => d.StatusHistory).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var item = (await ToItemsAsync([dispute], me, db, protector, clock, ct))[0];
        return TypedResults.Ok(
            new MediatorCaseDetail(
                item,
                dispute.Facts,
                dispute.Claims,
                dispute.AmountFen,
                dispute.Place,
                dispute.SubmittedAt,
                dispute
                    .StatusHistory.OrderBy(h => h.At)
                    .Select(h => new MediatorCaseHistory(h.From, h.To, h.At, h.Reason))
                    .ToList()
            )
        );
    }

    private static IQueryable<Dispute> Assigned(AppDbContext db, Guid me) =>
        db
            .Disputes.AsNoTracking()
            .Where(d => d.Mediators.Any(m => m.StaffUserId == me && m.RemovedAt == null))
            .Include(d => d.Parties)
            .Include(d => d.Mediators)
            .AsSplitQuery();

    private static async Task<List<MediatorCase>> ToItemsAsync(
        List<Dispute> disputes,
        Guid me,
        AppDbContext db,
        PersonalDataProtector protector,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = disputes.Select(d => d.Id).ToList();
        var typeCodes = disputes.Select(d => d.TypeCode).Distinct().ToList();
        var types = await db
            .DisputeTypes.AsNoTracking()
            .Where(t => typeCodes.Contains(t.Code))
            .ToDictionaryAsync(t => t.Code, t => t.Name, ct);
        var bodyIds = disputes.Select(d => d.BodyId).Distinct().ToList();
        var bodies = await db
            .Bodies.AsNoTracking()
            .Where(b => bodyIds.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var upcoming = (
            await db
                .MediationSessions.AsNoTracking()
                .Where(s =>
                    ids.Contains(s.DisputeId)
                    && s.EndsAt > now
                    && (s.Status == SessionStatus.Scheduled || s.Status == SessionStatus.Proposed)
                )
                .OrderBy(s => s.StartsAt)
                .ToListAsync(ct)
        ).ToLookup(s => s.DisputeId);

        return disputes
            .Select(d => new MediatorCase(
                d.Id,
                d.Reference,
                d.Status,
                DisputeStateMachine.DisplayName(d.Status),
                d.TypeCode,
                types.GetValueOrDefault(d.TypeCode, d.TypeCode),
                d.BodyId,
                bodies.GetValueOrDefault(d.BodyId, ""),
                d.Mediators.Where(m => m.StaffUserId == me && m.RemovedAt == null).Max(m => m.AssignedAt),
                d.Parties.OrderBy(p => p.Role)
                    .ThenBy(p => p.Position)
                    .Select(p => new MediatorCaseParty(
                        p.Id,
                        p.Role,
                        p.Kind,
                        p.Name,
                        Masking.Phone(protector.UnprotectOrNull(p.PhoneCipher)),
                        Masking.IdNumber(protector.UnprotectOrNull(p.IdNumberCipher)),
                        p.CreditCode,
                        p.UserId is not null
                    ))
                    .ToList(),
                upcoming[d.Id]
                    .Select(s => new MediatorNextSession(s.Id, s.StartsAt, s.EndsAt, s.Mode, s.Status))
                    .FirstOrDefault()
            ))
            .ToList();
    }
}
