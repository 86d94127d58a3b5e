namespace Mediation.Api.Auth;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>: the context names no feature, each feature
/// adds its own sets.</summary>
public static class AuthTables
{
    extension(AppDbContext db)
    {
        public DbSet<CitizenUser> CitizenUsers => db.Set<CitizenUser>();
        public DbSet<StaffUser> StaffUsers => db.Set<StaffUser>();
        public DbSet<MediatorProfile> MediatorProfiles => db.Set<MediatorProfile>();
    }
}
