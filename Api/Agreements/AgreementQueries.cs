using Mediation.Api.Auth;
using Mediation.Api.Disputes;

namespace Mediation.Api.Agreements;

public sealed record InstalmentResponse(int Seq, long? AmountFen, DateOnly DueDate);

public sealed record ObligationResponse(
    Guid Id,
    int Position,
    Guid ObligorPartyId,
    string ObligorName,
    Guid ObligeePartyId,
    string ObligeeName,
    string Description,
    long? AmountFen,
    DateOnly DueDate,
    string? Method,
    string? Place,
    ObligationStatus Status,
    long ConfirmedFen,
    DateTime? FulfilledAt,
    IReadOnlyList<InstalmentResponse> Instalments
);

/// <param name="EvidenceId">An in-person confirmation's scanned signed page, when one was attached.</param>
public sealed record SignatureResponse(
    SignerRole Role,
    Guid? PartyId,
    string Name,
    DateTime SignedAt,
    bool InPerson,
    Guid? EvidenceId
);

public sealed record JudicialConfirmationInfo(
    bool Offered,
    string? NotOfferedReason,
    DateOnly? Deadline,
    DateOnly? AppliedOn,
    string? Court,
    JudicialResult? Result,
    string? RulingNumber,
    DateOnly? DecidedOn,
    DateOnly? EnforcementAppliedOn,
    string? EnforcementCourt,
    string? EnforcementCaseNumber
);

/// <param name="Text">The exact text a party confirms; <paramref name="Sha256"/> is its hash, to send back with the confirmation.</param>
/// <param name="Pending">Who still has to confirm the current revision: party ids, and "mediator" / "supervisor".</param>
public sealed record AgreementResponse(
    Guid Id,
    Guid DisputeId,
    string CaseNumber,
    string Number,
    AgreementKind Kind,
    AgreementStatus Status,
    int Revision,
    string Facts,
    string Responsibilities,
    string Terms,
    bool PersonalStatus,
    string Text,
    string Sha256,
    DateTime? SubmittedAt,
    DateTime? EffectiveAt,
    IReadOnlyList<ObligationResponse> Obligations,
    IReadOnlyList<SignatureResponse> Signatures,
    IReadOnlyList<string> Pending,
    JudicialConfirmationInfo JudicialConfirmation,
    DateTime CreatedAt,
    DateTime UpdatedAt
);

public static class AgreementQueries
{
    public const string PersonalStatusReason =
        "协议涉及婚姻、收养等身份关系，依法不能申请司法确认（《最高人民法院关于人民调解协议司法确认程序的若干规定》）。";

    public static async Task<Results<Ok<AgreementResponse>, NotFound>> GetCaseAgreement(
        Guid id,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var dispute = await s.VisibleCaseAsync(id, user, ct);
        var agreementId = dispute is null
            ? (Guid?)null
            : await s.Db.Agreements.Where(a => a.DisputeId == id).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        var agreement = agreementId is { } aid ? await s.AgreementAsync(aid, ct) : null;
        if (dispute is null || agreement is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(await ToResponseAsync(agreement, dispute, s, ct));
    }

    public static async Task<Results<Ok<AgreementResponse>, NotFound>> GetAgreement(
        Guid id,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var agreement = await s.AgreementAsync(id, ct);
        var dispute = agreement is null ? null : await s.VisibleCaseAsync(agreement.DisputeId, user, ct);
        if (agreement is null || dispute is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(await ToResponseAsync(agreement, dispute, s, ct));
    }

    public static async Task<Results<ContentHttpResult, NotFound>> Document(
        Guid id,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var agreement = await s.AgreementAsync(id, ct);
        var dispute = agreement is null ? null : await s.VisibleCaseAsync(agreement.DisputeId, user, ct);
        if (agreement is null || dispute is null)
            return TypedResults.NotFound();
        return TypedResults.Content(await DocumentHtmlAsync(agreement, dispute, s, ct), "text/html; charset=utf-8");
    }

    public static async Task<string> DocumentHtmlAsync(
        Agreement agreement,
        Dispute dispute,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var context = await s.ContextAsync(dispute, ct);
        var text = AgreementText.Render(agreement, context, s.Protector);
        var names = await SignerNamesAsync(agreement, context, s, ct);
        return AgreementText.Html(agreement, context, text, Current(agreement).Select(x => (names[x.Id], x.SignedAt)));
    }

    public static async Task<AgreementResponse> ToResponseAsync(
        Agreement a,
        Dispute dispute,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var context = await s.ContextAsync(dispute, ct);
        var text = AgreementText.Render(a, context, s.Protector);
        var obligationIds = a.Obligations.Select(o => o.Id).ToList();
        var confirmed = await s
            .Db.Payments.Where(p => obligationIds.Contains(p.ObligationId) && p.Status == PaymentStatus.Confirmed)
            .GroupBy(p => p.ObligationId)
            .Select(g => new { g.Key, Sum = g.Sum(p => p.AmountFen) })
            .ToDictionaryAsync(x => x.Key, x => x.Sum, ct);
        var names = await SignerNamesAsync(a, context, s, ct);
        return new AgreementResponse(
            a.Id,
            a.DisputeId,
            dispute.Reference,
            a.Number,
            a.Kind,
            a.Status,
            a.Revision,
            a.Facts,
            a.Responsibilities,
            a.Terms,
            a.PersonalStatus,
            text,
            AgreementText.Sha256(text),
            a.SubmittedAt,
            a.EffectiveAt,
            a.Obligations.OrderBy(o => o.Position)
                .Select(o => new ObligationResponse(
                    o.Id,
                    o.Position,
                    o.ObligorPartyId,
                    NameOf(context, o.ObligorPartyId),
                    o.ObligeePartyId,
                    NameOf(context, o.ObligeePartyId),
                    o.Description,
                    o.AmountFen,
                    o.DueDate,
                    o.Method,
                    o.Place,
                    o.Status,
                    confirmed.GetValueOrDefault(o.Id),
                    o.FulfilledAt,
                    o.Instalments.OrderBy(i => i.Seq)
                        .Select(i => new InstalmentResponse(i.Seq, i.AmountFen, i.DueDate))
                        .ToList()
                ))
                .ToList(),
            Current(a)
                .Select(x => new SignatureResponse(
                    x.Role,
                    x.PartyId,
                    names[x.Id],
                    x.SignedAt,
                    x.InPerson,
                    x.EvidenceId
                ))
                .ToList(),
            a.Status == AgreementStatus.AwaitingSignatures ? AgreementSigning.Pending(a, dispute) : [],
            Judicial(a, s.Options.Value),
            a.CreatedAt,
            a.UpdatedAt
        );
    }

    public static JudicialConfirmationInfo Judicial(Agreement a, ComplianceOptions o) =>
        new(
            !a.PersonalStatus,
            a.PersonalStatus ? PersonalStatusReason : null,
            a.EffectiveAt is { } at && !a.PersonalStatus
                ? ChinaTime.Date(at).AddDays(o.JudicialConfirmationDays)
                : null,
            a.JudicialAppliedOn,
            a.JudicialCourt,
            a.JudicialResult,
            a.JudicialRulingNumber,
            a.JudicialDecidedOn,
            a.EnforcementAppliedOn,
            a.EnforcementCourt,
            a.EnforcementCaseNumber
        );

    public static IEnumerable<AgreementSignature> Current(Agreement a) =>
        a.Signatures.Where(x => x.VoidedAt == null && x.Revision == a.Revision).OrderBy(x => x.SignedAt);

    private static string NameOf(AgreementContext c, Guid partyId) =>
        c.Parties.TryGetValue(partyId, out var p) ? p.Name : "";

    public static async Task<Dictionary<Guid, string>> SignerNamesAsync(
        Agreement a,
        AgreementContext c,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var staffIds = a.Signatures.Where(x => x.Role != SignerRole.Party).Select(x => x.UserId).Distinct().ToList();
        var staff = await s
            .Db.StaffUsers.Where(u => staffIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return a.Signatures.ToDictionary(
            x => x.Id,
            x =>
                x.Role switch
                {
                    SignerRole.Party =>
                        $"{AgreementText.RoleName(c.Parties[x.PartyId!.Value].Role)} {c.Parties[x.PartyId!.Value].Name}{(x.InPerson ? "（当面签字，调解员记录）" : "")}",
                    SignerRole.Mediator => $"人民调解员 {staff.GetValueOrDefault(x.UserId)}",
                    _ => $"{c.BodyName}（审核盖章：{staff.GetValueOrDefault(x.UserId)}）",
                }
        );
    }
}
