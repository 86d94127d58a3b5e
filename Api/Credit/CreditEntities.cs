using Mediation.Api.Disputes;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Credit;

/// <summary>The four steps (提示, 警示, 公示, 惩戒) and the repair (信用修复) that undoes a pushed step.</summary>
public enum CreditStep
{
    Commitment,
    Warning,
    Publication,
    Enforcement,
    Repair,
}

public enum CreditTrigger
{
    Overdue,
    Dishonesty,
    Enforcement,
}

/// <summary>
/// Proposed → Rejected, or Approved (the party is notified; the objection window runs) → Effective (pushed) → Retracted
/// (repaired). An objection pauses it (Objected); upheld → Withdrawn, dismissed → Approved again. Performance before it
/// is effective → Withdrawn.
/// </summary>
public enum ProposalStatus
{
    Proposed,
    Rejected,
    Approved,
    Objected,
    Withdrawn,
    Effective,
    Retracted,
}

/// <summary>A proposed credit step against one party. The system (or staff) proposes; a supervisor decides; nothing
/// adverse happens without both.</summary>
public sealed class CreditProposal
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public Guid BodyId { get; set; }
    public Guid PartyId { get; set; }
    public Guid? ObligationId { get; set; }
    public Guid? PrecedingProposalId { get; set; }
    public CreditStep Step { get; set; }
    public CreditTrigger Trigger { get; set; }
    public required string Reason { get; set; }
    public ProposalStatus Status { get; set; } = ProposalStatus.Proposed;
    public int Points { get; set; }
    public DateTime ProposedAt { get; set; }

    /// <summary>Null when the escalation job proposed it.</summary>
    public Guid? ProposedById { get; set; }
    public DateTime? DecidedAt { get; set; }
    public Guid? DecidedById { get; set; }
    public string? DecisionReason { get; set; }
    public DateTime? ObjectionDeadline { get; set; }
    public DateTime? EffectiveAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? EndReason { get; set; }

    /// <summary>Set only for automatic proposals: one per (obligation, step), so a job run twice proposes
    /// once.</summary>
    public string? DedupeKey { get; set; }
    public int Version { get; set; }
}

/// <summary><c>Moot</c>: the step was withdrawn (the party performed) before the objection was decided.</summary>
public enum ObjectionStatus
{
    Pending,
    Upheld,
    Dismissed,
    Moot,
}

/// <summary>A party's objection (异议) to an approved step, within its window; decided by a supervisor.</summary>
public sealed class CreditObjection
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProposalId { get; set; }
    public Guid PartyId { get; set; }
    public Guid UserId { get; set; }
    public required string Reason { get; set; }
    public List<Guid> EvidenceIds { get; set; } = [];
    public DateTime FiledAt { get; set; }
    public ObjectionStatus Status { get; set; } = ObjectionStatus.Pending;
    public DateTime? DecidedAt { get; set; }
    public Guid? DecidedById { get; set; }
    public string? DecisionReason { get; set; }
}

/// <summary>
/// The credit-centre outbox: one row per record to push. The record's id is its Idempotency-Key, unchanged across
/// retries; SourceKey is unique, so the same commitment, step or repair becomes one record however often a job runs.
/// The payload is built from the party's (encrypted) row when it is sent, so no plain ID number is stored here.
/// </summary>
public sealed class CreditRecord : IPushRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string SourceKey { get; set; }
    public CreditStep Type { get; set; }
    public Guid DisputeId { get; set; }
    public Guid PartyId { get; set; }
    public Guid? ProposalId { get; set; }
    public Guid? RetractsRecordId { get; set; }
    public required string Reason { get; set; }
    public int Points { get; set; }
    public DateTime EventAt { get; set; }
    public PushStatus Status { get; set; } = PushStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}

/// <summary>The county's list of credit points per event (奖扣分), as data.</summary>
public sealed class CreditPointRule
{
    public required string EventCode { get; set; }
    public required string Name { get; set; }
    public int Points { get; set; }
}

internal sealed class CreditConfiguration
    : IEntityTypeConfiguration<CreditProposal>,
        IEntityTypeConfiguration<CreditObjection>,
        IEntityTypeConfiguration<CreditRecord>,
        IEntityTypeConfiguration<CreditPointRule>
{
    public void Configure(EntityTypeBuilder<CreditProposal> e)
    {
        e.ToTable("CreditProposals");
        e.HasIndex(x => new { x.BodyId, x.Status });
        e.HasIndex(x => new { x.Status, x.ObjectionDeadline });
        e.HasIndex(x => x.DisputeId);
        e.HasIndex(x => x.DedupeKey).IsUnique();
        e.Property(x => x.Step).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Trigger).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Reason).HasMaxLength(1000);
        e.Property(x => x.DecisionReason).HasMaxLength(1000);
        e.Property(x => x.EndReason).HasMaxLength(500);
        e.Property(x => x.DedupeKey).HasMaxLength(100);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CreditObjection> e)
    {
        e.ToTable("CreditObjections");
        e.HasIndex(x => x.ProposalId);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Reason).HasMaxLength(2000);
        e.Property(x => x.DecisionReason).HasMaxLength(1000);
        e.PrimitiveCollection(x => x.EvidenceIds);
        e.HasOne<CreditProposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CreditRecord> e)
    {
        e.ToTable("CreditRecords");
        e.HasIndex(x => x.SourceKey).IsUnique();
        e.HasIndex(x => new { x.Status, x.NextAttemptAt });
        e.HasIndex(x => x.DisputeId);
        e.Property(x => x.SourceKey).HasMaxLength(100);
        e.Property(x => x.Type).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Reason).HasMaxLength(1000);
        e.Property(x => x.LastError).HasMaxLength(500);
    }

    public void Configure(EntityTypeBuilder<CreditPointRule> e)
    {
        e.ToTable("CreditPointRules");
        e.HasKey(x => x.EventCode);
        e.Property(x => x.EventCode).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(100);
        // A county's default list; administrators change the rows, the code only names the events.
        e.HasData(
            new CreditPointRule
            {
                EventCode = CreditEvents.Commitment,
                Name = "签署信用承诺",
                Points = 0,
            },
            new CreditPointRule
            {
                EventCode = CreditEvents.OverdueWarning,
                Name = "未按期履行调解协议（警示）",
                Points = -2,
            },
            new CreditPointRule
            {
                EventCode = CreditEvents.DishonestyWarning,
                Name = "调解中提供虚假证据或隐瞒事实（警示）",
                Points = -3,
            },
            new CreditPointRule
            {
                EventCode = CreditEvents.Publication,
                Name = "拒不履行调解协议（公示）",
                Points = -5,
            },
            new CreditPointRule
            {
                EventCode = CreditEvents.Enforcement,
                Name = "司法确认后拒不履行（惩戒）",
                Points = -10,
            },
            new CreditPointRule
            {
                EventCode = CreditEvents.Repair,
                Name = "履行完毕，信用修复",
                Points = 0,
            }
        );
    }
}

public static class CreditEvents
{
    public const string Commitment = "commitment";
    public const string OverdueWarning = "overdue-warning";
    public const string DishonestyWarning = "dishonesty-warning";
    public const string Publication = "publication";
    public const string Enforcement = "enforcement";
    public const string Repair = "repair";
}
