namespace Mediation.Api.ReferenceData;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>: the context names no feature, each feature
/// adds its own sets.</summary>
public static class ReferenceDataTables
{
    extension(AppDbContext db)
    {
        public DbSet<DisputeType> DisputeTypes => db.Set<DisputeType>();
        public DbSet<MediationBody> Bodies => db.Set<MediationBody>();
    }
}
