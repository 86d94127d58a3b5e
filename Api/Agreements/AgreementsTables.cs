namespace Mediation.Api.Agreements;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>: the context names no feature, each feature
/// adds its own sets.</summary>
public static class AgreementsTables
{
    extension(AppDbContext db)
    {
        public DbSet<Agreement> Agreements => db.Set<Agreement>();
        public DbSet<AgreementSignature> AgreementSignatures => db.Set<AgreementSignature>();
        public DbSet<FailureReason> FailureReasons => db.Set<FailureReason>();
        public DbSet<FollowUp> FollowUps => db.Set<FollowUp>();
        public DbSet<Instalment> Instalments => db.Set<Instalment>();
        public DbSet<MediationFailure> MediationFailures => db.Set<MediationFailure>();
        public DbSet<Obligation> Obligations => db.Set<Obligation>();
        public DbSet<PartySatisfaction> PartySatisfactions => db.Set<PartySatisfaction>();
        public DbSet<Payment> Payments => db.Set<Payment>();
    }
}
