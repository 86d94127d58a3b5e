namespace Mediation.Api.Statistics;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>: the context names no feature, each feature
/// adds its own sets.</summary>
public static class StatisticsTables
{
    extension(AppDbContext db)
    {
        public DbSet<PreventionCount> PreventionCounts => db.Set<PreventionCount>();
        public DbSet<SubsidyRule> SubsidyRules => db.Set<SubsidyRule>();
        public DbSet<SubsidySheet> SubsidySheets => db.Set<SubsidySheet>();
        public DbSet<SubsidyAdjustment> SubsidyAdjustments => db.Set<SubsidyAdjustment>();
    }
}
