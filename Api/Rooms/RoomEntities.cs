using Mediation.Api.Disputes;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Rooms;

public enum RoomKind
{
    /// <summary>All parties, the mediator and co-mediators.</summary>
    Joint,

    /// <summary>One party side and the mediators only (背靠背).</summary>
    Caucus,
}

public enum RoomMessageKind
{
    Text,
    Evidence,
    Offer,
    OfferAccepted,
    OfferRejected,

    /// <summary>A photo uploaded to the room (an evidence item of the case).</summary>
    Image,

    /// <summary>A voice clip from the mini-program's recorder (mp3 or aac, an evidence item of the case).</summary>
    Voice,
}

public enum OfferStatus
{
    Open,
    Accepted,
    Rejected,
    Countered,
}

/// <summary>
/// A mediation room of one case: the joint room, or a caucus room of one party side. Who is in it is worked out from
/// the case at every request (its parties of that side, its currently assigned mediators), never stored, so a
/// correction, a removal or a reassignment takes effect at once. A room is open while the case holds mediation (<see
/// cref="DisputeStateMachine.HoldsSessions"/>) and the mediator has not closed it.
/// </summary>
public sealed class MediationRoom
{
    public const string JointKey = "joint";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public RoomKind Kind { get; set; }

    /// <summary>The party side of a caucus room; null for the joint room.</summary>
    public PartyRole? Side { get; set; }

    /// <summary>"joint" or "caucus:{side}": unique per case, so a case never gets two of the same room.</summary>
    public required string Key { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public Guid? ClosedById { get; set; }
    public string? ClosedReason { get; set; }

    /// <summary>The last message sequence number handed out; incremented under the row's lock, so messages commit in
    /// sequence order and a reader who has seen number n has seen every number below it.</summary>
    public long LastSeq { get; set; }

    public static string KeyFor(RoomKind kind, PartyRole? side) => kind == RoomKind.Joint ? JointKey : $"caucus:{side}";
}

/// <summary>One message in a room. Text that names a phone or ID number is stored masked for everyone else and, in
/// full, encrypted for its sender.</summary>
public sealed class RoomMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RoomId { get; set; }
    public Guid DisputeId { get; set; }

    /// <summary>The position in the room (1, 2, …), gap-free in commit order.</summary>
    public long Seq { get; set; }
    public RoomMessageKind Kind { get; set; }
    public Guid SenderUserId { get; set; }

    /// <summary>Applicant, Respondent, ThirdParty or Mediator.</summary>
    public required string SenderRole { get; set; }
    public required string SenderName { get; set; }
    public Guid? SenderPartyId { get; set; }

    /// <summary>The sender's own id for the message, so that a retry stores it once.</summary>
    public required string ClientMessageId { get; set; }

    /// <summary>The text as others read it: phone and ID numbers masked.</summary>
    public string? Text { get; set; }

    /// <summary>The sender's exact text, encrypted, only when masking changed it.</summary>
    public string? TextCipher { get; set; }
    public Guid? EvidenceId { get; set; }
    public long? OfferAmountFen { get; set; }
    public string? OfferTerms { get; set; }
    public DateOnly? OfferDueDate { get; set; }
    public OfferStatus? OfferStatus { get; set; }

    /// <summary>The offer this message counters, accepts or rejects.</summary>
    public Guid? ReplyToId { get; set; }
    public DateTime SentAt { get; set; }

    /// <summary>Set when the mediator removed the message: the row is kept, readers see a placeholder.</summary>
    public DateTime? RemovedAt { get; set; }
    public Guid? RemovedById { get; set; }
    public string? RemovedReason { get; set; }
    public int Version { get; set; }
}

internal sealed class MediationRoomConfiguration : IEntityTypeConfiguration<MediationRoom>
{
    public void Configure(EntityTypeBuilder<MediationRoom> e)
    {
        e.ToTable("MediationRooms");
        e.HasIndex(x => new { x.DisputeId, x.Key }).IsUnique();
        e.Property(x => x.Key).HasMaxLength(32);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Side).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.ClosedReason).HasMaxLength(200);
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoomMessageConfiguration : IEntityTypeConfiguration<RoomMessage>
{
    public void Configure(EntityTypeBuilder<RoomMessage> e)
    {
        e.ToTable("RoomMessages");
        e.HasIndex(x => new { x.RoomId, x.Seq }).IsUnique();
        e.HasIndex(x => new
            {
                x.RoomId,
                x.SenderUserId,
                x.ClientMessageId,
            })
            .IsUnique();
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.SenderRole).HasMaxLength(16);
        e.Property(x => x.SenderName).HasMaxLength(100);
        e.Property(x => x.ClientMessageId).HasMaxLength(64);
        e.Property(x => x.Text).HasMaxLength(2000);
        e.Property(x => x.TextCipher).HasMaxLength(4000);
        e.Property(x => x.OfferTerms).HasMaxLength(1000);
        e.Property(x => x.OfferStatus).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.RemovedReason).HasMaxLength(200);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne<MediationRoom>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.Cascade);
    }
}
