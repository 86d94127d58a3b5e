using Mediation.Api.Disputes;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Agreements;

public enum AgreementKind
{
    Written,
    Oral,
}

/// <summary>Draft (editable) → AwaitingSignatures (text frozen, hash fixed) → Effective (every required confirmation
/// given).</summary>
public enum AgreementStatus
{
    Draft,
    AwaitingSignatures,
    Effective,
}

public enum SignerRole
{
    Party,
    Mediator,
    Supervisor,
}

public enum JudicialResult
{
    Applied,
    Confirmed,
    Refused,
}

/// <summary>A mediation agreement (人民调解协议书, art. 28–30). One per case; its text is what every signature is bound
/// to.</summary>
public sealed class Agreement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public required string Number { get; set; }
    public AgreementKind Kind { get; set; }
    public required string Facts { get; set; }
    public required string Responsibilities { get; set; }
    public required string Terms { get; set; }

    /// <summary>Terms about marriage, adoption or another personal-status relation: no judicial confirmation (司法确认) for
    /// those.</summary>
    public bool PersonalStatus { get; set; }
    public AgreementStatus Status { get; set; } = AgreementStatus.Draft;

    /// <summary>Incremented by every edit; signatures name the revision they confirm.</summary>
    public int Revision { get; set; } = 1;

    /// <summary>SHA-256 (hex) of the rendered text of the current revision, fixed at submission.</summary>
    public string? TextSha256 { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public DateTime? EffectiveAt { get; set; }
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public DateOnly? JudicialAppliedOn { get; set; }
    public string? JudicialCourt { get; set; }
    public JudicialResult? JudicialResult { get; set; }
    public string? JudicialRulingNumber { get; set; }
    public DateOnly? JudicialDecidedOn { get; set; }
    public DateOnly? EnforcementAppliedOn { get; set; }
    public string? EnforcementCourt { get; set; }
    public string? EnforcementCaseNumber { get; set; }

    public List<Obligation> Obligations { get; set; } = [];
    public List<AgreementSignature> Signatures { get; set; } = [];
}

/// <summary>One confirmation of one revision: an explicit act bound to the text's hash, with time, client address and
/// account. An edit voids it (VoidedAt), never deletes it.</summary>
public sealed class AgreementSignature
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AgreementId { get; set; }
    public int Revision { get; set; }
    public SignerRole Role { get; set; }
    public Guid? PartyId { get; set; }
    public Guid UserId { get; set; }
    public required string Sha256 { get; set; }
    public DateTime SignedAt { get; set; }
    public string? ClientAddress { get; set; }

    /// <summary>A party's confirmation given in person on paper (签名或按指印), recorded by the mediator (UserId): parties
    /// without an account, often respondents and organisations, confirm this way.</summary>
    public bool InPerson { get; set; }

    /// <summary>For an in-person confirmation of a party who has an account: the case's evidence item holding the
    /// scanned signed page, so that the mediator's word alone never stands for the confirmation of someone who could
    /// give it himself.</summary>
    public Guid? EvidenceId { get; set; }
    public DateTime? VoidedAt { get; set; }
}

public enum ObligationStatus
{
    Open,
    Fulfilled,
}

/// <summary>What one party owes another under the agreement; always has at least one instalment (the whole
/// obligation).</summary>
public sealed class Obligation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AgreementId { get; set; }
    public Guid DisputeId { get; set; }
    public int Position { get; set; }
    public Guid ObligorPartyId { get; set; }
    public Guid ObligeePartyId { get; set; }
    public required string Description { get; set; }

    /// <summary>Null for an obligation that is not a payment (apologise, remove a fence): fulfilled when the obligee
    /// confirms a report.</summary>
    public long? AmountFen { get; set; }

    /// <summary>The last due date (Asia/Shanghai calendar date).</summary>
    public DateOnly DueDate { get; set; }
    public string? Method { get; set; }
    public string? Place { get; set; }
    public ObligationStatus Status { get; set; } = ObligationStatus.Open;
    public DateTime? FulfilledAt { get; set; }
    public List<Instalment> Instalments { get; set; } = [];
}

public sealed class Instalment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ObligationId { get; set; }
    public int Seq { get; set; }
    public long? AmountFen { get; set; }
    public DateOnly DueDate { get; set; }
}

public enum PaymentStatus
{
    Reported,
    Confirmed,
    Disputed,
}

/// <summary>A performance report by the obligor, confirmed or disputed by the obligee.</summary>
public sealed class Payment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ObligationId { get; set; }
    public Guid DisputeId { get; set; }
    public Guid ReportedByUserId { get; set; }
    public long AmountFen { get; set; }
    public DateTime PaidAt { get; set; }
    public string? Note { get; set; }
    public List<Guid> EvidenceIds { get; set; } = [];
    public PaymentStatus Status { get; set; } = PaymentStatus.Reported;
    public DateTime ReportedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public Guid? DecidedByUserId { get; set; }
    public string? DisputeReason { get; set; }

    /// <summary>Concurrency token: a report is decided once (confirmed or disputed); a second decision read the same
    /// version and loses with 409, together with the notices it had staged.</summary>
    public int Version { get; set; }
}

/// <summary>Why a mediation failed (调解不成), as data; the notice to the parties names the other routes.</summary>
public sealed class FailureReason
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public bool Active { get; set; } = true;
}

public sealed class MediationFailure
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public required string ReasonCode { get; set; }
    public string? Note { get; set; }
    public DateTime At { get; set; }
    public Guid ById { get; set; }
}

public enum FollowUpStatus
{
    Pending,
    Done,
}

/// <summary>The follow-up visit (回访): a task when the case is fulfilled (or failed), done by staff, after which the
/// case closes.</summary>
public sealed class FollowUp
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public FollowUpStatus Status { get; set; } = FollowUpStatus.Pending;
    public DateTime CreatedAt { get; set; }
    public DateTime DueAt { get; set; }
    public string? Method { get; set; }
    public string? PerformanceStatus { get; set; }
    public int? Satisfaction { get; set; }
    public string? RemainingRisk { get; set; }
    public string? Note { get; set; }
    public DateTime? DoneAt { get; set; }
    public Guid? DoneById { get; set; }
}

public sealed class PartySatisfaction
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public Guid PartyId { get; set; }
    public Guid UserId { get; set; }
    public int Score { get; set; }
    public string? Comment { get; set; }
    public DateTime At { get; set; }
}

internal sealed class AgreementConfiguration
    : IEntityTypeConfiguration<Agreement>,
        IEntityTypeConfiguration<AgreementSignature>,
        IEntityTypeConfiguration<Obligation>,
        IEntityTypeConfiguration<Instalment>,
        IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Agreement> e)
    {
        e.ToTable("Agreements");
        e.HasIndex(x => x.DisputeId).IsUnique();
        e.HasIndex(x => x.Number).IsUnique();
        e.Property(x => x.Number).HasMaxLength(64);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.JudicialResult).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Facts).HasMaxLength(5000);
        e.Property(x => x.Responsibilities).HasMaxLength(5000);
        e.Property(x => x.Terms).HasMaxLength(10000);
        e.Property(x => x.TextSha256).HasMaxLength(64);
        e.Property(x => x.JudicialCourt).HasMaxLength(100);
        e.Property(x => x.JudicialRulingNumber).HasMaxLength(64);
        e.Property(x => x.EnforcementCourt).HasMaxLength(100);
        e.Property(x => x.EnforcementCaseNumber).HasMaxLength(64);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Obligations).WithOne().HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Signatures).WithOne().HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<AgreementSignature> e)
    {
        e.ToTable("AgreementSignatures");
        e.HasIndex(x => new { x.AgreementId, x.Revision });
        e.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Sha256).HasMaxLength(64);
        e.Property(x => x.ClientAddress).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<Obligation> e)
    {
        e.ToTable("Obligations");
        e.HasIndex(x => x.DisputeId);
        e.HasIndex(x => new { x.Status, x.DueDate });
        e.Property(x => x.Description).HasMaxLength(1000);
        e.Property(x => x.Method).HasMaxLength(200);
        e.Property(x => x.Place).HasMaxLength(200);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.HasMany(x => x.Instalments).WithOne().HasForeignKey(x => x.ObligationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Instalment> e)
    {
        e.ToTable("Instalments");
        e.HasIndex(x => new { x.ObligationId, x.Seq }).IsUnique();
        e.HasIndex(x => x.DueDate);
    }

    public void Configure(EntityTypeBuilder<Payment> e)
    {
        e.ToTable("Payments");
        e.HasIndex(x => x.ObligationId);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Note).HasMaxLength(1000);
        e.Property(x => x.DisputeReason).HasMaxLength(1000);
        e.PrimitiveCollection(x => x.EvidenceIds);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne<Obligation>().WithMany().HasForeignKey(x => x.ObligationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutcomeConfiguration
    : IEntityTypeConfiguration<FailureReason>,
        IEntityTypeConfiguration<MediationFailure>,
        IEntityTypeConfiguration<FollowUp>,
        IEntityTypeConfiguration<PartySatisfaction>
{
    public void Configure(EntityTypeBuilder<FailureReason> e)
    {
        e.ToTable("FailureReasons");
        e.HasKey(x => x.Code);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(100);
        e.HasData(
            new FailureReason
            {
                Code = "party-withdrew",
                Name = "当事人撤回调解申请",
                SortOrder = 10,
            },
            new FailureReason
            {
                Code = "respondent-refused",
                Name = "被申请人拒绝调解",
                SortOrder = 20,
            },
            new FailureReason
            {
                Code = "not-contactable",
                Name = "无法联系当事人",
                SortOrder = 30,
            },
            new FailureReason
            {
                Code = "no-agreement",
                Name = "经调解未能达成协议",
                SortOrder = 40,
            },
            new FailureReason
            {
                Code = "other",
                Name = "其他原因",
                SortOrder = 90,
            }
        );
    }

    public void Configure(EntityTypeBuilder<MediationFailure> e)
    {
        e.ToTable("MediationFailures");
        e.HasIndex(x => x.DisputeId);
        e.Property(x => x.ReasonCode).HasMaxLength(32);
        e.Property(x => x.Note).HasMaxLength(2000);
    }

    public void Configure(EntityTypeBuilder<FollowUp> e)
    {
        e.ToTable("FollowUps");
        e.HasIndex(x => x.DisputeId);
        e.HasIndex(x => new { x.Status, x.DueAt });
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Method).HasMaxLength(32);
        e.Property(x => x.PerformanceStatus).HasMaxLength(200);
        e.Property(x => x.RemainingRisk).HasMaxLength(1000);
        e.Property(x => x.Note).HasMaxLength(2000);
    }

    public void Configure(EntityTypeBuilder<PartySatisfaction> e)
    {
        e.ToTable("PartySatisfactions");
        e.HasIndex(x => new { x.DisputeId, x.PartyId }).IsUnique();
        e.Property(x => x.Comment).HasMaxLength(1000);
    }
}
