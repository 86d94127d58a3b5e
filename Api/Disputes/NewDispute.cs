using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Disputes;

/// <summary>Turns a validated application into the case, its parties (personal data encrypted) and the signed
/// texts.</summary>
public static class NewDispute
{
    public static Dispute Build(
        CreateDisputeRequest r,
        Guid bodyId,
        Guid userId,
        PersonalDataProtector protector,
        LegalTextCatalog texts,
        string? clientAddress,
        DateTime now
    ) => Build(r, bodyId, FilingOrigin.MiniProgram(userId), protector, texts, clientAddress, now);

    public static Dispute Build(
        IApplicationContent r,
        Guid bodyId,
        FilingOrigin origin,
        PersonalDataProtector protector,
        LegalTextCatalog texts,
        string? clientAddress,
        DateTime now
    )
    {
        var id = Guid.CreateVersion7();
        var dispute = new Dispute
        {
            Id = id,
            ApplicationNumber = CaseNumbers.Application(id, now),
            BodyId = bodyId,
            Source = origin.Source,
            TypeCode = r.TypeCode!,
            Facts = r.Facts!.Trim(),
            Claims = r.Claims!.Trim(),
            AmountFen = r.AmountFen,
            Place = r.Place?.Trim(),
            PreferredMode = r.PreferredMode!.Value,
            PreferredMediatorId = r.PreferredMediatorId,
            FiledByUserId = origin.ActorKind == Claims.CitizenKind ? origin.ActorId : Guid.Empty,
            RegisteredById = origin.ActorKind == Claims.StaffKind ? origin.ActorId : null,
            Referral = origin.Referral,
            SubmittedAt = now,
            QueuedAt = now,
            UpdatedAt = now,
        };
        var applicant = Party(r.Applicant!, PartyRole.Applicant, 0, dispute.Id, protector);
        if (origin.ActorKind == Claims.CitizenKind)
            applicant.UserId = origin.ActorId;
        dispute.Parties.Add(applicant);
        dispute.Parties.AddRange(
            r.Respondents!.Select((p, i) => Party(p, PartyRole.Respondent, i, dispute.Id, protector))
        );
        dispute.Parties.AddRange(
            (r.ThirdParties ?? []).Select((p, i) => Party(p, PartyRole.ThirdParty, i, dispute.Id, protector))
        );
        dispute.StatusHistory.Add(
            new DisputeStatusChange
            {
                DisputeId = dispute.Id,
                From = null,
                To = DisputeStatus.Submitted,
                At = now,
                ActorKind = origin.ActorKind,
                ActorId = origin.ActorId,
                Reason = origin.Reason,
            }
        );
        if (origin.AcceptanceMethod is not { } method)
            return dispute;
        foreach (var kind in new[] { LegalTextCatalog.RightsNotice, LegalTextCatalog.CreditCommitment })
        {
            var text = texts.Current(kind)!;
            dispute.Acceptances.Add(
                new LegalTextAcceptance
                {
                    DisputeId = dispute.Id,
                    PartyId = applicant.Id,
                    SignerUserId = origin.ActorId,
                    Method = method,
                    Kind = kind,
                    TextVersion = text.Version,
                    TextSha256 = text.Sha256,
                    AcceptedAt = now,
                    ClientAddress = clientAddress,
                }
            );
        }
        return dispute;
    }

    /// <summary>A party whose phone a citizen has already verified is linked to that account at once.</summary>
    public static async Task LinkKnownRespondentsAsync(AppDbContext db, Dispute dispute, CancellationToken ct)
    {
        var hashes = dispute
            .Parties.Where(p => p.UserId is null && p.PhoneHash != null)
            .Select(p => p.PhoneHash!)
            .ToList();
        if (hashes.Count == 0)
            return;
        var users = await db
            .CitizenUsers.AsNoTracking()
            .Where(u => u.PhoneHash != null && hashes.Contains(u.PhoneHash))
            .Select(u => new { u.Id, u.PhoneHash })
            .ToListAsync(ct);
        // The applicant who filed is linked already; a registered case's applicant is linked like the other parties.
        foreach (var party in dispute.Parties.Where(p => p.UserId is null))
            party.UserId = users
                .FirstOrDefault(u => u.PhoneHash == party.PhoneHash && u.Id != dispute.FiledByUserId)
                ?.Id;
    }

    internal static DisputeParty Party(
        PartyInput p,
        PartyRole role,
        int position,
        Guid disputeId,
        PersonalDataProtector protector
    )
    {
        var kind = p.Kind ?? PartyKind.Person;
        var idNumber = ChineseIdentifiers.NormalizeIdNumber(p.IdNumber);
        var phone = string.IsNullOrWhiteSpace(p.Phone) ? null : p.Phone.Trim();
        return new DisputeParty
        {
            DisputeId = disputeId,
            Role = role,
            Kind = kind,
            Position = position,
            Name = p.Name!.Trim(),
            Gender = p.Gender,
            Ethnicity = p.Ethnicity?.Trim(),
            BirthDate = p.BirthDate ?? ChineseIdentifiers.BirthDateFromIdNumber(idNumber),
            IdNumberCipher = protector.ProtectOrNull(idNumber),
            IdNumberHash = protector.HashOrNull(idNumber),
            PhoneCipher = protector.ProtectOrNull(phone),
            PhoneHash = protector.HashOrNull(phone),
            AddressCipher = protector.ProtectOrNull(p.Address?.Trim()),
            Occupation = p.Occupation?.Trim(),
            CreditCode = ChineseIdentifiers.NormalizeCreditCode(p.CreditCode) is { Length: > 0 } code ? code : null,
            LegalRepresentative = p.LegalRepresentative?.Trim(),
        };
    }
}

internal static class BodyFinder
{
    /// <summary>The most specific active body whose region the place lies in (a village before its town); general
    /// committees before trade ones.</summary>
    public static MediationBody? ForPlace(IEnumerable<MediationBody> bodies, string place)
    {
        var normalized = place.Trim();
        return bodies
            .Where(b => b.Active && b.Region != "")
            .Where(b =>
                normalized.StartsWith(b.Region, StringComparison.Ordinal)
                || normalized.Contains(ShortRegion(b.Region), StringComparison.Ordinal)
            )
            .OrderByDescending(b => b.Region.Length)
            .ThenBy(b => b.Kind == BodyKind.TradeCommittee)
            .FirstOrDefault();
    }

    // "山东省威海市文登区张家产镇西村" is often written without the province and city: "文登区张家产镇西村".
    private static string ShortRegion(string region)
    {
        var cut = region.IndexOf('市');
        return cut >= 0 && cut < region.Length - 1 ? region[(cut + 1)..] : region;
    }
}

/// <summary>Who brought a case in and how: the citizen in the mini-program, or a clerk registering a walk-in, an oral
/// application, a case found by screening or a referral. <see cref="AcceptanceMethod"/> says how the applicant accepted
/// the rights notice and the credit commitment at filing (null: not yet, they do it in the mini-program
/// later).</summary>
public sealed record FilingOrigin(
    DisputeSource Source,
    string ActorKind,
    Guid ActorId,
    string Reason,
    string? AcceptanceMethod,
    Referral? Referral = null
)
{
    public static FilingOrigin MiniProgram(Guid citizenId) =>
        new(
            DisputeSource.MiniProgram,
            Claims.CitizenKind,
            citizenId,
            "通过小程序提交申请",
            AcceptanceMethods.MiniProgram
        );
}
