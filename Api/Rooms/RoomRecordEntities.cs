using Mediation.Api.Disputes;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Rooms;

public enum RoomRecordStatus
{
    /// <summary>The mediator is still editing; parties do not see it.</summary>
    Draft,

    /// <summary>Parties read it and confirm its exact text by its SHA-256.</summary>
    Published,

    /// <summary>Every party confirmed this revision: it is in the case file and no longer changes.</summary>
    Confirmed,
}

/// <summary>
/// The record (调解记录, 人民调解法 art. 27) of one sitting in the online rooms: rendered from the joint room's messages
/// numbered <see cref="FromSeq"/> to <see cref="ToSeq"/> when the mediator ends the sitting, then edited by the mediator.
/// Each edit is a new <see cref="Revision"/>; confirmations count only for the revision they were given to.
/// </summary>
public sealed class RoomRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }

    /// <summary>The joint room the sitting was held in.</summary>
    public Guid RoomId { get; set; }

    /// <summary>1, 2, … per case: the sitting's place in the case.</summary>
    public int Number { get; set; }
    public long FromSeq { get; set; }
    public long ToSeq { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime EndedAt { get; set; }

    /// <summary>The scheduled online session this sitting held, when the mediator named one.</summary>
    public Guid? SessionId { get; set; }
    public RoomRecordStatus Status { get; set; }
    public int Revision { get; set; } = 1;
    public required string Text { get; set; }

    /// <summary>The SHA-256 of <see cref="Text"/> as published; null while a draft.</summary>
    public string? TextSha256 { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public Guid EndedById { get; set; }
    public Guid UpdatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<RoomRecordSummary> Summaries { get; set; } = [];
    public List<RoomRecordConfirmation> Confirmations { get; set; } = [];

    /// <summary>Counts edits and confirmations; also the optimistic-concurrency token.</summary>
    public int Version { get; set; }
}

/// <summary>The mediator's summary of one caucus room during the sitting (背靠背情况): for the case file, never shown to
/// a party.</summary>
public sealed class RoomRecordSummary
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RecordId { get; set; }
    public Guid RoomId { get; set; }
    public PartyRole Side { get; set; }
    public required string Summary { get; set; }
}

/// <summary>A party's confirmation of one revision's exact text: in the mini-program by the party, or on paper as
/// recorded by the mediator.</summary>
public sealed class RoomRecordConfirmation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RecordId { get; set; }
    public int Revision { get; set; }
    public Guid PartyId { get; set; }

    /// <summary>Who gave it: the party's own account, or the mediator who recorded a paper confirmation.</summary>
    public Guid UserId { get; set; }
    public required string Sha256 { get; set; }
    public bool OnPaper { get; set; }
    public Guid? EvidenceId { get; set; }
    public DateTime ConfirmedAt { get; set; }
    public string? ClientAddress { get; set; }
}

/// <summary>A party the mediator muted in one room, until unmuted. Rows are kept after unmuting (the audit log says
/// who and when as well).</summary>
public sealed class RoomMute
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RoomId { get; set; }
    public Guid PartyId { get; set; }

    /// <summary>The party's account when muted: sends are refused by account.</summary>
    public Guid? UserId { get; set; }
    public string? Reason { get; set; }
    public Guid MutedById { get; set; }
    public DateTime MutedAt { get; set; }
    public Guid? UnmutedById { get; set; }
    public DateTime? UnmutedAt { get; set; }
}

internal sealed class RoomRecordConfiguration : IEntityTypeConfiguration<RoomRecord>
{
    public void Configure(EntityTypeBuilder<RoomRecord> e)
    {
        e.ToTable("RoomRecords");
        e.HasIndex(x => new { x.DisputeId, x.Number }).IsUnique();
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Text).HasMaxLength(RoomRecords.MaxText);
        e.Property(x => x.TextSha256).HasMaxLength(64);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasMany(x => x.Summaries).WithOne().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Confirmations).WithOne().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<MediationRoom>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RoomRecordSummaryConfiguration : IEntityTypeConfiguration<RoomRecordSummary>
{
    public void Configure(EntityTypeBuilder<RoomRecordSummary> e)
    {
        e.ToTable("RoomRecordSummaries");
        e.HasIndex(x => new { x.RecordId, x.RoomId }).IsUnique();
        e.Property(x => x.Side).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Summary).HasMaxLength(RoomRecords.MaxSummary);
    }
}

internal sealed class RoomRecordConfirmationConfiguration : IEntityTypeConfiguration<RoomRecordConfirmation>
{
    public void Configure(EntityTypeBuilder<RoomRecordConfirmation> e)
    {
        e.ToTable("RoomRecordConfirmations");
        e.HasIndex(x => new
            {
                x.RecordId,
                x.Revision,
                x.PartyId,
            })
            .IsUnique();
        e.Property(x => x.Sha256).HasMaxLength(64);
        e.Property(x => x.ClientAddress).HasMaxLength(64);
    }
}

internal sealed class RoomMuteConfiguration : IEntityTypeConfiguration<RoomMute>
{
    public void Configure(EntityTypeBuilder<RoomMute> e)
    {
        e.ToTable("RoomMutes");
        e.HasIndex(x => new { x.RoomId, x.PartyId });
        e.Property(x => x.Reason).HasMaxLength(200);
        e.HasOne<MediationRoom>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.Cascade);
    }
}
