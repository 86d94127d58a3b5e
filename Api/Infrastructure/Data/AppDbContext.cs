using Mediation.Api.Admin;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Audit;
using Mediation.Api.Infrastructure.Idempotency;
using Mediation.Api.Intake;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mediation.Api.Infrastructure.Data;

/// <summary>The one model of the service. Used as is on SQLite (its migrations live in Migrations/Sqlite);
/// <see cref="PostgresAppDbContext"/> owns the PostgreSQL migrations.</summary>
public class AppDbContext : DbContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options) : base(options) { }

    protected AppDbContext(DbContextOptions options) : base(options) { }

    public DbSet<CitizenUser> CitizenUsers => Set<CitizenUser>();
    public DbSet<StaffUser> StaffUsers => Set<StaffUser>();
    public DbSet<DisputeType> DisputeTypes => Set<DisputeType>();
    public DbSet<MediationBody> Bodies => Set<MediationBody>();
    public DbSet<Dispute> Disputes => Set<Dispute>();
    public DbSet<DisputeParty> DisputeParties => Set<DisputeParty>();
    public DbSet<DisputeStatusChange> DisputeStatusChanges => Set<DisputeStatusChange>();
    public DbSet<LegalTextAcceptance> LegalTextAcceptances => Set<LegalTextAcceptance>();
    public DbSet<DisputeMediator> DisputeMediators => Set<DisputeMediator>();
    public DbSet<CaseNumberCounter> CaseNumberCounters => Set<CaseNumberCounter>();
    public DbSet<Notifications.SubscriptionConsent> SubscriptionConsents => Set<Notifications.SubscriptionConsent>();
    public DbSet<Notifications.WeChatPushReceipt> WeChatPushReceipts => Set<Notifications.WeChatPushReceipt>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<MediatorProfile> MediatorProfiles => Set<MediatorProfile>();
    public DbSet<IntakeClaim> IntakeClaims => Set<IntakeClaim>();
    public DbSet<DisputeHandling> DisputeHandlings => Set<DisputeHandling>();
    public DbSet<CaseNote> CaseNotes => Set<CaseNote>();
    public DbSet<CorrectionRequest> CorrectionRequests => Set<CorrectionRequest>();
    public DbSet<MediatorObjection> MediatorObjections => Set<MediatorObjection>();
    public DbSet<RejectionReason> RejectionReasons => Set<RejectionReason>();
    public DbSet<Evidence.EvidenceItem> EvidenceItems => Set<Evidence.EvidenceItem>();
    public DbSet<Evidence.EvidenceUpload> EvidenceUploads => Set<Evidence.EvidenceUpload>();
    public DbSet<Statistics.PreventionCount> PreventionCounts => Set<Statistics.PreventionCount>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<BodyAlertChannel> BodyAlertChannels => Set<BodyAlertChannel>();
    public DbSet<Sessions.MediationSession> MediationSessions => Set<Sessions.MediationSession>();
    public DbSet<Sessions.MediatorAvailability> MediatorAvailabilities => Set<Sessions.MediatorAvailability>();
    public DbSet<Agreements.Agreement> Agreements => Set<Agreements.Agreement>();
    public DbSet<Agreements.AgreementSignature> AgreementSignatures => Set<Agreements.AgreementSignature>();
    public DbSet<Agreements.Obligation> Obligations => Set<Agreements.Obligation>();
    public DbSet<Agreements.Instalment> Instalments => Set<Agreements.Instalment>();
    public DbSet<Agreements.Payment> Payments => Set<Agreements.Payment>();
    public DbSet<Agreements.FailureReason> FailureReasons => Set<Agreements.FailureReason>();
    public DbSet<Agreements.MediationFailure> MediationFailures => Set<Agreements.MediationFailure>();
    public DbSet<Agreements.FollowUp> FollowUps => Set<Agreements.FollowUp>();
    public DbSet<Agreements.PartySatisfaction> PartySatisfactions => Set<Agreements.PartySatisfaction>();
    public DbSet<Credit.CreditProposal> CreditProposals => Set<Credit.CreditProposal>();
    public DbSet<Credit.CreditObjection> CreditObjections => Set<Credit.CreditObjection>();
    public DbSet<Credit.CreditRecord> CreditRecords => Set<Credit.CreditRecord>();
    public DbSet<Credit.CreditPointRule> CreditPointRules => Set<Credit.CreditPointRule>();
    public DbSet<Sessions.SessionReminder> SessionReminders => Set<Sessions.SessionReminder>();
    public DbSet<Sessions.ReminderWakeup> ReminderWakeups => Set<Sessions.ReminderWakeup>();
    public DbSet<Sessions.MediatorBookingLock> MediatorBookingLocks => Set<Sessions.MediatorBookingLock>();
    public DbSet<Notifications.NotificationPreference> NotificationPreferences => Set<Notifications.NotificationPreference>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        // Ids are assigned by the application (Guid v7, time-ordered); telling EF so makes a new child added
        // to a tracked parent's collection an INSERT rather than an UPDATE of a row that does not exist.
        foreach (var key in modelBuilder.Model.GetEntityTypes().Select(t => t.FindPrimaryKey()).OfType<Microsoft.EntityFrameworkCore.Metadata.IMutableKey>())
            foreach (var property in key.Properties.Where(p => p.ClrType == typeof(Guid)))
                property.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Every DateTime is UTC in the database and comes back marked as UTC on both providers.
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var autoDetect = PrepareSave();
        try { return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken); }
        finally { ChangeTracker.AutoDetectChangesEnabled = autoDetect; }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var autoDetect = PrepareSave();
        try { return base.SaveChanges(acceptAllChangesOnSuccess); }
        finally { ChangeTracker.AutoDetectChangesEnabled = autoDetect; }
    }

    /// <summary>
    /// Detects changes once (reading the tracker's entries would otherwise detect them a second time before the save
    /// does) and refuses any change to the audit log, which is append-only. Returns the caller's auto-detect setting,
    /// which the save restores.
    /// </summary>
    private bool PrepareSave()
    {
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect) ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var entry in ChangeTracker.Entries<AuditEntry>())
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                ChangeTracker.AutoDetectChangesEnabled = autoDetect;
                throw new InvalidOperationException("The audit log is append-only.");
            }
        return autoDetect;
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
