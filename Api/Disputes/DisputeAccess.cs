namespace Mediation.Api.Disputes;

public static class DisputeAccess
{
    /// <summary>A citizen sees the cases they filed and those where they are a party (a respondent who claimed the case by phone).</summary>
    public static IQueryable<Dispute> VisibleToCitizen(this IQueryable<Dispute> disputes, Guid userId) =>
        disputes.Where(d => d.FiledByUserId == userId || d.Parties.Any(p => p.UserId == userId));
}
