using Mediation.Api.Infrastructure.PersonalData;

namespace Mediation.Api.Disputes;

/// <summary>
/// A party as shown to anyone: ID number, phone and address masked, and only the year of birth, since the full date
/// beside the masked ID's region digits narrows it to a handful of real ID numbers. The full date is in the audited
/// reveal only.
/// </summary>
public sealed record PartyResponse(
    Guid Id,
    PartyRole Role,
    PartyKind Kind,
    string Name,
    Gender? Gender,
    string? Ethnicity,
    int? BirthYear,
    string? IdNumber,
    string? Phone,
    string? Address,
    string? Occupation,
    string? CreditCode,
    string? LegalRepresentative
);

public sealed record AcceptanceResponse(
    string Kind,
    string Version,
    string Sha256,
    DateTime AcceptedAt,
    string SignedVia
);

public sealed record DisputeResponse(
    Guid Id,
    string ApplicationNumber,
    string? CaseNumber,
    DisputeStatus Status,
    string StatusName,
    DisputeSource Source,
    Guid BodyId,
    string BodyName,
    string TypeCode,
    string TypeName,
    string Facts,
    string Claims,
    long? AmountFen,
    string? Place,
    MediationMode PreferredMode,
    Guid? PreferredMediatorId,
    DateTime SubmittedAt,
    DateTime UpdatedAt,
    PartyRole? MyRole,
    IReadOnlyList<Guid> MyPartyIds,
    PartyResponse Applicant,
    IReadOnlyList<PartyResponse> Respondents,
    IReadOnlyList<PartyResponse> ThirdParties,
    IReadOnlyList<AcceptanceResponse> Acceptances
);

public sealed record DisputeSummary(
    Guid Id,
    string ApplicationNumber,
    string? CaseNumber,
    DisputeStatus Status,
    string StatusName,
    string TypeCode,
    string TypeName,
    string BodyName,
    DateTime SubmittedAt,
    DateTime UpdatedAt,
    PartyRole? MyRole
);

public sealed record DisputeList(IReadOnlyList<DisputeSummary> Items);

public sealed record TimelineItem(
    DateTime At,
    string Kind,
    string Title,
    DisputeStatus? From,
    DisputeStatus? To,
    string? Note
);

public sealed record Timeline(IReadOnlyList<TimelineItem> Items);

internal static class DisputeMapping
{
    public static PartyResponse ToResponse(this DisputeParty p, PersonalDataProtector protector) =>
        new(
            p.Id,
            p.Role,
            p.Kind,
            p.Name,
            p.Gender,
            p.Ethnicity,
            p.BirthDate?.Year,
            Masking.IdNumber(protector.UnprotectOrNull(p.IdNumberCipher)),
            Masking.Phone(protector.UnprotectOrNull(p.PhoneCipher)),
            Masking.Address(protector.UnprotectOrNull(p.AddressCipher)),
            p.Occupation,
            p.CreditCode,
            p.LegalRepresentative
        );

    public static DisputeResponse ToResponse(
        this Dispute d,
        string bodyName,
        string typeName,
        Guid viewerId,
        PersonalDataProtector protector
    )
    {
        var parties = d.Parties.OrderBy(p => p.Role).ThenBy(p => p.Position).ToList();
        return new DisputeResponse(
            d.Id,
            d.ApplicationNumber,
            d.CaseNumber,
            d.Status,
            DisputeStateMachine.DisplayName(d.Status),
            d.Source,
            d.BodyId,
            bodyName,
            d.TypeCode,
            typeName,
            d.Facts,
            d.Claims,
            d.AmountFen,
            d.Place,
            d.PreferredMode,
            d.PreferredMediatorId,
            d.SubmittedAt,
            d.UpdatedAt,
            RoleOf(d, viewerId),
            parties
                .Where(p => p.UserId == viewerId || (p.Role == PartyRole.Applicant && d.FiledByUserId == viewerId))
                .Select(p => p.Id)
                .ToList(),
            parties.First(p => p.Role == PartyRole.Applicant).ToResponse(protector),
            parties.Where(p => p.Role == PartyRole.Respondent).Select(p => p.ToResponse(protector)).ToList(),
            parties.Where(p => p.Role == PartyRole.ThirdParty).Select(p => p.ToResponse(protector)).ToList(),
            d.Acceptances.OrderBy(a => a.AcceptedAt)
                .Select(a => new AcceptanceResponse(a.Kind, a.TextVersion, a.TextSha256, a.AcceptedAt, a.Method))
                .ToList()
        );
    }

    public static PartyRole? RoleOf(Dispute d, Guid viewerId) =>
        d.FiledByUserId == viewerId ? PartyRole.Applicant : d.Parties.FirstOrDefault(p => p.UserId == viewerId)?.Role;
}
