using Mediation.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Admin;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>: the context names no feature, each feature adds its own sets.</summary>
public static class AdminTables
{
    extension(AppDbContext db)
    {
        public DbSet<MediatorProfile> MediatorProfiles => db.Set<MediatorProfile>();
    }
}
