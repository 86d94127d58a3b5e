using Mediation.Api.Disputes;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Sessions;

public enum SessionStatus
{
    Proposed,
    Scheduled,
    Cancelled,
    Held,
    NoShow,
    Adjourned,
}

public enum SessionResult
{
    Held,
    NoShow,
    Adjourned,
}

/// <summary>A phone, online or on-site mediation session of one case. Times are UTC; people see them in
/// Asia/Shanghai.</summary>
public sealed class MediationSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public MediationMode Mode { get; set; }
    public SessionStatus Status { get; set; } = SessionStatus.Scheduled;
    public DateTime StartsAt { get; set; }

    /// <summary>StartsAt + duration, stored so that overlap checks are one indexed comparison.</summary>
    public DateTime EndsAt { get; set; }
    public int DurationMinutes { get; set; }
    public List<Guid> MediatorIds { get; set; } = [];

    /// <summary>DisputeParty ids.</summary>
    public List<Guid> PartyIds { get; set; } = [];
    public string? Location { get; set; }
    public string? JoinUrl { get; set; }

    /// <summary>Staff and citizen account ids that confirmed the time.</summary>
    public List<Guid> ConfirmedBy { get; set; } = [];

    /// <summary>Another time proposed for a Proposed session by a party or a mediator, until a mediator accepts
    /// it.</summary>
    public DateTime? CounterStartsAt { get; set; }
    public string? CounterNote { get; set; }
    public Guid? CounterById { get; set; }
    public string? CounterByKind { get; set; }
    public DateTime? CounterAt { get; set; }
    public string? CancelReason { get; set; }
    public DateTime? CancelledAt { get; set; }
    public List<Guid> AbsentPartyIds { get; set; } = [];
    public string? Minutes { get; set; }
    public DateTime? OutcomeAt { get; set; }
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Counts changes (reschedules, cancellation, outcome); also the optimistic-concurrency token.</summary>
    public int Version { get; set; }

    public bool IsActive => Status is SessionStatus.Scheduled or SessionStatus.Proposed;
}

internal sealed class MediationSessionConfiguration : IEntityTypeConfiguration<MediationSession>
{
    public void Configure(EntityTypeBuilder<MediationSession> e)
    {
        e.ToTable("MediationSessions");
        e.HasIndex(x => x.DisputeId);
        e.HasIndex(x => new { x.Status, x.StartsAt });
        e.Property(x => x.Mode).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.PrimitiveCollection(x => x.MediatorIds);
        e.PrimitiveCollection(x => x.PartyIds);
        e.PrimitiveCollection(x => x.ConfirmedBy);
        e.PrimitiveCollection(x => x.AbsentPartyIds);
        e.Property(x => x.Location).HasMaxLength(200);
        e.Property(x => x.JoinUrl).HasMaxLength(500);
        e.Property(x => x.CancelReason).HasMaxLength(500);
        e.Property(x => x.CounterNote).HasMaxLength(200);
        e.Property(x => x.CounterByKind).HasMaxLength(16);
        e.Property(x => x.Minutes).HasMaxLength(10000);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }
}
