namespace Mediation.Api.Auth;

/// <summary>What a verified phone number gives its citizen beyond the account: implemented by Disputes, where
/// respondents named with this number in earlier applications, not yet linked to an account, are claimed so that the
/// citizen can follow those cases. Runs in the binding's unit of work.</summary>
public interface IPhoneClaims
{
    /// <summary>Links what the phone claims to the user, unsaved; returns how many cases it concerns.</summary>
    Task<int> ClaimAsync(Guid userId, string phoneHash, CancellationToken ct);
}
