namespace Mediation.Api.Notifications;

/// <summary>What notifications need to know of a case, from the feature that owns cases (Disputes implements it): the
/// phone of a party who may have no account, and the case number a message names.</summary>
public interface ICaseDirectory
{
    /// <summary>The encrypted phone of a party of a case, by party id.</summary>
    Task<string?> PartyPhoneCipherAsync(Guid partyId, CancellationToken ct);

    /// <summary>The encrypted phone a citizen gave as a party of this case, for a citizen without a verified
    /// phone.</summary>
    Task<string?> CitizenPhoneCipherAsync(Guid caseId, Guid userId, CancellationToken ct);

    Task<string?> CaseNumberAsync(Guid caseId, CancellationToken ct);
}
