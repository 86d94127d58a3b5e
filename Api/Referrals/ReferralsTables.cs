namespace Mediation.Api.Referrals;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>.</summary>
public static class ReferralsTables
{
    extension(AppDbContext db)
    {
        public DbSet<ResultNotice> ResultNotices => db.Set<ResultNotice>();
        public DbSet<ResultNoticePush> ResultNoticePushes => db.Set<ResultNoticePush>();
    }
}
