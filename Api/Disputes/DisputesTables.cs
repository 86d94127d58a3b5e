namespace Mediation.Api.Disputes;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>: the context names no feature, each feature
/// adds its own sets.</summary>
public static class DisputesTables
{
    extension(AppDbContext db)
    {
        public DbSet<CaseNumberCounter> CaseNumberCounters => db.Set<CaseNumberCounter>();
        public DbSet<Dispute> Disputes => db.Set<Dispute>();
        public DbSet<DisputeMediator> DisputeMediators => db.Set<DisputeMediator>();
        public DbSet<DisputeParty> DisputeParties => db.Set<DisputeParty>();
        public DbSet<DisputeStatusChange> DisputeStatusChanges => db.Set<DisputeStatusChange>();
        public DbSet<LegalTextAcceptance> LegalTextAcceptances => db.Set<LegalTextAcceptance>();
    }
}
