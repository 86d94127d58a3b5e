namespace Mediation.Api.Notifications;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>: the context names no feature, each feature
/// adds its own sets.</summary>
public static class NotificationsTables
{
    extension(AppDbContext db)
    {
        public DbSet<BodyAlertChannel> BodyAlertChannels => db.Set<BodyAlertChannel>();
        public DbSet<Notification> Notifications => db.Set<Notification>();
        public DbSet<NotificationPreference> NotificationPreferences => db.Set<NotificationPreference>();
        public DbSet<OutboxMessage> OutboxMessages => db.Set<OutboxMessage>();
        public DbSet<SubscriptionConsent> SubscriptionConsents => db.Set<SubscriptionConsent>();
        public DbSet<WeChatPushReceipt> WeChatPushReceipts => db.Set<WeChatPushReceipt>();
    }
}
