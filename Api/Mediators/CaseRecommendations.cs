using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Intake;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Mediators;

/// <summary>Why a mediator may not, or should be looked at before they, mediate a case.</summary>
public sealed record MediatorConflict(string Code, string Text);

public sealed record CaseRecommendation(
    Guid Id,
    string DisplayName,
    Guid BodyId,
    string BodyName,
    IReadOnlyList<string> Specialties,
    MediatorLevel? Level,
    bool? FullTime,
    int? Years,
    MediatorRating Rating,
    int OpenCases,
    int MaxOpenCases,
    IReadOnlyList<MediatorConflict> Conflicts
);

/// <summary>The mediator the citizen asked for and whether intake can assign them; if not, the reasons.</summary>
public sealed record PreferredMediator(
    Guid Id,
    string DisplayName,
    bool Assignable,
    IReadOnlyList<MediatorConflict> Conflicts
);

public sealed record CaseRecommendationsResponse(
    Guid? PreferredMediatorId,
    PreferredMediator? Preferred,
    IReadOnlyList<CaseRecommendation> Recommendations
);

/// <summary>
/// The clerk's recommendations for one case: at most three listed mediators who serve the case's body, ranked like
/// the public ones, without anyone the service knows cannot mediate it (人民调解法 art. 15: 回避) — a party of the
/// case (same ID number or phone), one a party objected to, one who does not take the type, one at their load limit.
/// A mediator with the same surname as a party and from the party's village is flagged, not left out: kinship is
/// likely but not known, the clerk decides.
/// </summary>
public static class CaseRecommendations
{
    public const string IsParty = "IsParty";
    public const string SamePhone = "SamePhone";
    public const string Objected = "Objected";
    public const string TypeNotHandled = "TypeNotHandled";
    public const string Full = "Full";
    public const string NotListed = "NotListed";
    public const string SameSurnameAndVillage = "SameSurnameAndVillage";

    private static readonly HashSet<string> Flags = [SameSurnameAndVillage];

    public static async Task<Results<Ok<CaseRecommendationsResponse>, NotFound>> RecommendForCase(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var d = await IntakeCases.FindAsync(db, user, id, ct);
        if (d is null)
            return TypedResults.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        var listed = await MediatorPool.ListedAsync(db, now, d.BodyId, ct);
        var parties = (
            await db
                .DisputeParties.AsNoTracking()
                .Where(p => p.DisputeId == d.Id)
                .OrderBy(p => p.Role)
                .ThenBy(p => p.Position)
                .ToListAsync(ct)
        )
            .Select(p => new Party(
                p.Name,
                p.Kind,
                p.IdNumberHash,
                p.PhoneHash,
                p.Kind == PartyKind.Person ? protector.UnprotectOrNull(p.AddressCipher) : null
            ))
            .ToList();
        var objected = await db
            .MediatorObjections.AsNoTracking()
            .Where(o => o.DisputeId == d.Id)
            .Select(o => o.MediatorId)
            .ToListAsync(ct);
        var types = await db.DisputeTypes.AsNoTracking().ToDictionaryAsync(t => t.Code, t => t.Name, ct);
        var typeName = types.GetValueOrDefault(d.TypeCode, d.TypeCode);

        List<MediatorConflict> ConflictsOf(Candidate c)
        {
            var name = c.Staff.DisplayName;
            var found = new List<MediatorConflict>();
            if (c.Profile?.IdNumberHash is { } idHash && parties.FirstOrDefault(p => p.IdHash == idHash) is { } same)
                found.Add(new(IsParty, $"调解员「{name}」即当事人「{same.Name}」（身份证号码相同），应当回避。"));
            if (c.Staff.PhoneHash is { } phone && parties.FirstOrDefault(p => p.PhoneHash == phone) is { } byPhone)
                found.Add(
                    new(SamePhone, $"调解员「{name}」与当事人「{byPhone.Name}」的手机号码相同，可能存在利害关系。")
                );
            if (objected.Contains(c.Staff.Id))
                found.Add(new(Objected, $"当事人已申请调解员「{name}」回避。"));
            if (!c.Handles(d.TypeCode))
                found.Add(new(TypeNotHandled, $"调解员「{name}」未登记承办「{typeName}」。"));
            if (c.Full)
                found.Add(new(Full, $"调解员「{name}」在办案件 {c.OpenCases} 件，已达上限 {c.MaxOpenCases} 件。"));
            if (Kinship.Village(c.Body) is { } village)
                foreach (var p in parties.Where(p => p.Kind == PartyKind.Person))
                    if (
                        Kinship.Surname(p.Name) == Kinship.Surname(name)
                        && p.Address is { } address
                        && address.Contains(village, StringComparison.Ordinal)
                    )
                        found.Add(
                            new(
                                SameSurnameAndVillage,
                                $"调解员「{name}」与当事人「{p.Name}」同姓且同村（{village}），请核实是否有亲属关系。"
                            )
                        );
            return found;
        }

        var recommendations = MediatorPool
            .Ranked(
                listed
                    .Select(c => (Candidate: c, Conflicts: ConflictsOf(c)))
                    .Where(x => x.Conflicts.All(f => Flags.Contains(f.Code)))
                    .Select(x => x.Candidate),
                d.TypeCode
            )
            .Take(MediatorPool.Recommended)
            .Select(c => new CaseRecommendation(
                c.Staff.Id,
                c.Staff.DisplayName,
                c.Body.Id,
                c.Body.Name,
                c.Specialties,
                c.Profile?.Level,
                c.Profile?.FullTime,
                c.Years,
                c.Rating,
                c.OpenCases,
                c.MaxOpenCases,
                ConflictsOf(c)
            ))
            .ToList();

        PreferredMediator? preferred = null;
        if (d.PreferredMediatorId is { } wanted)
        {
            if (listed.FirstOrDefault(c => c.Staff.Id == wanted) is { } c)
            {
                var conflicts = ConflictsOf(c);
                preferred = new(wanted, c.Staff.DisplayName, conflicts.All(f => Flags.Contains(f.Code)), conflicts);
            }
            else
            {
                var name = await db
                    .StaffUsers.AsNoTracking()
                    .Where(s => s.Id == wanted)
                    .Select(s => s.DisplayName)
                    .FirstOrDefaultAsync(ct);
                preferred = new(
                    wanted,
                    name ?? "",
                    false,
                    [
                        new(
                            NotListed,
                            $"调解员「{name}」已不在本调解组织的名册中（账号停用、证书过期、任期届满或不在本组织）。"
                        ),
                    ]
                );
            }
        }
        return TypedResults.Ok(new CaseRecommendationsResponse(d.PreferredMediatorId, preferred, recommendations));
    }

    private sealed record Party(string Name, PartyKind Kind, string? IdHash, string? PhoneHash, string? Address);
}

/// <summary>What the service can tell of kinship without asking: surname and village.</summary>
public static class Kinship
{
    private static readonly string[] CompoundSurnames =
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "令狐",
        "端木",
        "独孤",
        "南宫",
        "西门",
    ];

    public static string Surname(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
            return "";
        return CompoundSurnames.FirstOrDefault(s =>
            trimmed.Length > s.Length && trimmed.StartsWith(s, StringComparison.Ordinal)
        ) ?? trimmed[..1];
    }

    /// <summary>A village body's place as an address would write it: its region without the province, city and
    /// county (山东省威海市文登区张家产镇西村 → 张家产镇西村). Null for bodies above the village.</summary>
    public static string? Village(ReferenceData.MediationBody body)
    {
        if (body.Level != ReferenceData.BodyLevel.Village || string.IsNullOrWhiteSpace(body.Region))
            return null;
        var region = body.Region.Trim();
        var cut = region.LastIndexOfAny(['区', '县', '市']);
        return cut >= 0 && cut < region.Length - 1 ? region[(cut + 1)..] : region;
    }
}
