using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Notifications;

/// <summary>
/// A message for one citizen or staff member about a case, recorded in the same unit of work as the change it reports.
/// Delivery (subscribe message, SMS, in-app inbox) is not done here; a sender reads the undelivered rows.
/// </summary>
public sealed class Notification
{
    public const string Citizen = "citizen";
    public const string Staff = "staff";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string RecipientKind { get; set; }
    public Guid RecipientId { get; set; }
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public Guid? CaseId { get; set; }

    /// <summary>The mediation session the notice is about (reminders, changes), if any.</summary>
    public Guid? SessionId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }

    public static Notification ToCitizen(
        Guid userId,
        string kind,
        string title,
        string body,
        Guid? caseId,
        DateTime now
    ) =>
        new()
        {
            RecipientKind = Citizen,
            RecipientId = userId,
            Kind = kind,
            Title = title,
            Body = body,
            CaseId = caseId,
            CreatedAt = now,
        };

    public static Notification ToStaff(
        Guid staffId,
        string kind,
        string title,
        string body,
        Guid? caseId,
        DateTime now
    ) =>
        new()
        {
            RecipientKind = Staff,
            RecipientId = staffId,
            Kind = kind,
            Title = title,
            Body = body,
            CaseId = caseId,
            CreatedAt = now,
        };
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> e)
    {
        e.ToTable("Notifications");
        e.Property(x => x.RecipientKind).HasMaxLength(16);
        e.Property(x => x.Kind).HasMaxLength(48);
        e.Property(x => x.Title).HasMaxLength(100);
        e.Property(x => x.Body).HasMaxLength(2000);
        e.HasIndex(x => new
        {
            x.RecipientKind,
            x.RecipientId,
            x.CreatedAt,
        });
        e.HasIndex(x => x.CaseId);
    }
}
