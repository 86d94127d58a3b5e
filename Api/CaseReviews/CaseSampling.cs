using System.Security.Cryptography;
using System.Text;

namespace Mediation.Api.CaseReviews;

/// <summary>
/// The random draw of a sample. Each case is ranked by HMAC-SHA256 keyed with the seed over its id, and the lowest
/// ranks are taken: the same seed over the same cases gives the same sample on every runtime and machine (unlike
/// <see cref="Random"/>, whose sequence is not promised across versions), and adding a case to the pool moves no other
/// case's rank.
/// </summary>
public static class CaseSampling
{
    public static List<Guid> Draw(string seed, IEnumerable<Guid> caseIds, int size)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(seed));
        return caseIds
            .Distinct()
            .Select(id =>
                (Id: id, Rank: Convert.ToHexString(hmac.ComputeHash(Encoding.ASCII.GetBytes(id.ToString("N")))))
            )
            .OrderBy(x => x.Rank, StringComparer.Ordinal)
            .ThenBy(x => x.Id)
            .Take(size)
            .Select(x => x.Id)
            .ToList();
    }

    /// <summary>A seed for a draw that named none, returned with the sample so that it can be drawn again.</summary>
    public static string NewSeed() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
}
