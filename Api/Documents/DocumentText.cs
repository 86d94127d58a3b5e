using Mediation.Api.Agreements;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Documents;

/// <summary>
/// The phrases every document shares: a party's particulars and the legal texts. Personal numbers follow the rules of
/// the printed agreement and case file (AgreementText, CaseFileDocuments): ID numbers, phones and addresses masked for
/// every reader, the birth date as the year only. A full number is for the audited reveal alone, never for a file that
/// leaves the system.
/// </summary>
public sealed class DocumentText(PersonalDataProtector protector, LegalTextCatalog legalTexts)
{
    public string Party(DisputeParty p)
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
            $"公民身份号码 {Masking.IdNumber(protector.UnprotectOrNull(p.IdNumberCipher)) ?? "未提供"}",
            p.Occupation,
            Contact(p)
        );
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
