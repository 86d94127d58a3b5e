namespace Mediation.Api.Risk;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>.</summary>
public static class RiskTables
{
    extension(AppDbContext db)
    {
        public DbSet<RiskLexiconVersion> RiskLexiconVersions => db.Set<RiskLexiconVersion>();
        public DbSet<RiskAssessmentRecord> RiskAssessments => db.Set<RiskAssessmentRecord>();
        public DbSet<RiskOverride> RiskOverrides => db.Set<RiskOverride>();
        public DbSet<RiskAlert> RiskAlerts => db.Set<RiskAlert>();
        public DbSet<RiskReport> RiskReports => db.Set<RiskReport>();
    }
}
