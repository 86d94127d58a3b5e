using Mediation.Api.Agreements;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Documents;

/// <summary>
/// The phrases every document shares: a party's particulars and the legal texts. Personal numbers follow the rules of
/// the printed agreement and case file (AgreementText, CaseFileDocuments): ID numbers, phones and addresses masked, the
/// birth date as the year only. The one exception is a form that requires the full ID number (the agreement's
/// identity sheet and the application for judicial confirmation, which the court checks against the ID card): there
/// staff get every party's full number and a party their own (<see cref="DocumentCase.MayReadFullIdNumber"/>).
/// </summary>
public sealed class DocumentText(PersonalDataProtector protector, LegalTextCatalog legalTexts)
{
    public string Party(DisputeParty p, bool fullIdNumber = false)
    {
        if (p.Kind == PartyKind.Organization)
            return Join(
                p.Name,
                p.CreditCode is null ? null : $"统一社会信用代码 {p.CreditCode}",
                p.LegalRepresentative is null ? null : $"法定代表人 {p.LegalRepresentative}",
                Contact(p)
            );
        return Join(
            p.Name,
            p.Gender switch
            {
                Gender.Male => "男",
                Gender.Female => "女",
                _ => null,
            },
            p.Ethnicity,
            p.BirthDate is { } b ? $"{b.Year}年生" : null,
            $"公民身份号码 {IdNumber(p, fullIdNumber)}",
            p.Occupation,
            Contact(p)
        );
    }

    /// <summary>The party's ID number, full or masked; 「未提供」 when none was given.</summary>
    public string IdNumber(DisputeParty p, bool full)
    {
        var plain = protector.UnprotectOrNull(p.IdNumberCipher);
        return (full ? plain : Masking.IdNumber(plain)) ?? "未提供";
    }

    /// <summary>Each party on its own line: 申请人：张三，男，汉族，…</summary>
    public IEnumerable<string> PartyLines(Dispute d) =>
        Ordered(d).Select(p => $"{AgreementText.RoleName(p.Role)}：{Party(p)}");

    public static IEnumerable<DisputeParty> Ordered(Dispute d) =>
        d.Parties.OrderBy(p => p.Role).ThenBy(p => p.Position);

    public static string Names(Dispute d, PartyRole? role = null) =>
        string.Join("、", Ordered(d).Where(p => role is null || p.Role == role).Select(p => p.Name));

    /// <summary>The text the parties acknowledged, when it is the version in force; otherwise null (only its hash is
    /// kept).</summary>
    public string? LegalText(string kind, string version) =>
        legalTexts.Current(kind) is { } t && t.Version == version ? t.Text : null;

    private string? Contact(DisputeParty p)
    {
        var address = Masking.Address(protector.UnprotectOrNull(p.AddressCipher));
        var phone = Masking.Phone(protector.UnprotectOrNull(p.PhoneCipher));
        return Join(address is null ? null : $"住址 {address}", phone is null ? null : $"联系电话 {phone}");
    }

    private static string? Join(params string?[] parts)
    {
        var present = parts.Where(x => !string.IsNullOrWhiteSpace(x)).ToList();
        return present.Count == 0 ? null : string.Join("，", present);
    }
}
