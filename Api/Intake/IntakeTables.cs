namespace Mediation.Api.Intake;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>: the context names no feature, each feature
/// adds its own sets.</summary>
public static class IntakeTables
{
    extension(AppDbContext db)
    {
        public DbSet<CaseNote> CaseNotes => db.Set<CaseNote>();
        public DbSet<CorrectionRequest> CorrectionRequests => db.Set<CorrectionRequest>();
        public DbSet<DisputeHandling> DisputeHandlings => db.Set<DisputeHandling>();
        public DbSet<IntakeClaim> IntakeClaims => db.Set<IntakeClaim>();
        public DbSet<MediatorObjection> MediatorObjections => db.Set<MediatorObjection>();
        public DbSet<ParticipationAnswer> ParticipationAnswers => db.Set<ParticipationAnswer>();
        public DbSet<RejectionReason> RejectionReasons => db.Set<RejectionReason>();
    }
}
