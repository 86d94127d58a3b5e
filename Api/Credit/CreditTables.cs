namespace Mediation.Api.Credit;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>: the context names no feature, each feature
/// adds its own sets.</summary>
public static class CreditTables
{
    extension(AppDbContext db)
    {
        public DbSet<CreditObjection> CreditObjections => db.Set<CreditObjection>();
        public DbSet<CreditPointRule> CreditPointRules => db.Set<CreditPointRule>();
        public DbSet<CreditProposal> CreditProposals => db.Set<CreditProposal>();
        public DbSet<CreditRecord> CreditRecords => db.Set<CreditRecord>();
    }
}
