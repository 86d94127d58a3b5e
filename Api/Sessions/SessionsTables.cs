namespace Mediation.Api.Sessions;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>: the context names no feature, each feature
/// adds its own sets.</summary>
public static class SessionsTables
{
    extension(AppDbContext db)
    {
        public DbSet<MediationSession> MediationSessions => db.Set<MediationSession>();
        public DbSet<MediatorAvailability> MediatorAvailabilities => db.Set<MediatorAvailability>();
        public DbSet<MediatorBookingLock> MediatorBookingLocks => db.Set<MediatorBookingLock>();
        public DbSet<ReminderWakeup> ReminderWakeups => db.Set<ReminderWakeup>();
        public DbSet<SessionReminder> SessionReminders => db.Set<SessionReminder>();
    }
}
