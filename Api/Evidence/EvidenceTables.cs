namespace Mediation.Api.Evidence;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>: the context names no feature, each feature
/// adds its own sets.</summary>
public static class EvidenceTables
{
    extension(AppDbContext db)
    {
        public DbSet<EvidenceItem> EvidenceItems => db.Set<EvidenceItem>();
        public DbSet<EvidenceUpload> EvidenceUploads => db.Set<EvidenceUpload>();
    }
}
