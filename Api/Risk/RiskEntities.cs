using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Risk;

/// <summary>One version of the lexicon, as data. Versions are never changed: an edit adds the next one.</summary>
public sealed class RiskLexiconVersion
{
    public int Version { get; set; }
    public required string Json { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public string? Note { get; set; }
}

/// <summary>One assessment of a case: what triggered it, what the words and the case's shape gave, and the level it
/// left.</summary>
public sealed class RiskAssessmentRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public DateTime At { get; set; }

    /// <summary>Filing, Correction, Note, SessionMinutes, Failure, FollowUp.</summary>
    public required string Trigger { get; set; }

    /// <summary>The level the reasons give on their own.</summary>
    public RiskLevel Computed { get; set; }

    /// <summary>The case's level after it: never below a level a person set (<see cref="RiskOverride"/>).</summary>
    public RiskLevel Level { get; set; }
    public string? ReasonsJson { get; set; }
    public int LexiconVersion { get; set; }
}

/// <summary>A staff member's raise or lowering of a case's level, with the reason. A lowering dismisses the reasons
/// known then; a later text that gives a new reason can raise the level again. No assessment goes below the level set
/// here.</summary>
public sealed class RiskOverride
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public DateTime At { get; set; }
    public Guid StaffUserId { get; set; }
    public RiskLevel From { get; set; }
    public RiskLevel To { get; set; }
    public required string Reason { get; set; }
    public List<string> DismissedCodes { get; set; } = [];
}

/// <summary>An alert to the body's supervisors (inbox, their channels, the body's WeCom robot) for a High or Major
/// case. Written with the change that caused it; delivered after the commit, and by the sweep if that was
/// missed.</summary>
public sealed class RiskAlert
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public RiskLevel Level { get; set; }
    public DateTime RaisedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
}

/// <summary>
/// A risk report (风险报告) for a Major case (人民调解法 第二十五条: report at once). It must be acknowledged before <see
/// cref="DueAt"/>; otherwise the sweep hands it to the next body up (<see cref="AtBodyId"/>), again and again, until
/// someone acknowledges it.
/// </summary>
public sealed class RiskReport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public DateTime OpenedAt { get; set; }

    /// <summary>The body whose supervisors hold the report now: the case's body, then each one above it.</summary>
    public Guid AtBodyId { get; set; }
    public int Escalations { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public Guid? AcknowledgedById { get; set; }
    public string? Note { get; set; }
    public int Version { get; set; }
}

internal sealed class RiskConfiguration
    : IEntityTypeConfiguration<RiskLexiconVersion>,
        IEntityTypeConfiguration<RiskAssessmentRecord>,
        IEntityTypeConfiguration<RiskOverride>,
        IEntityTypeConfiguration<RiskAlert>,
        IEntityTypeConfiguration<RiskReport>
{
    public void Configure(EntityTypeBuilder<RiskLexiconVersion> e)
    {
        e.ToTable("RiskLexiconVersions");
        e.HasKey(x => x.Version);
        e.Property(x => x.Version).ValueGeneratedNever();
        e.Property(x => x.Note).HasMaxLength(500);
    }

    public void Configure(EntityTypeBuilder<RiskAssessmentRecord> e)
    {
        e.ToTable("RiskAssessments");
        e.Property(x => x.Trigger).HasMaxLength(32);
        e.Property(x => x.ReasonsJson).HasMaxLength(8000);
        e.HasIndex(x => new { x.DisputeId, x.At });
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RiskOverride> e)
    {
        e.ToTable("RiskOverrides");
        e.Property(x => x.Reason).HasMaxLength(500);
        e.HasIndex(x => new { x.DisputeId, x.At });
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RiskAlert> e)
    {
        e.ToTable("RiskAlerts");
        e.HasIndex(x => x.DeliveredAt);
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RiskReport> e)
    {
        e.ToTable("RiskReports");
        e.Property(x => x.Note).HasMaxLength(500);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => new { x.AcknowledgedAt, x.DueAt });
        e.HasIndex(x => x.DisputeId);
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<MediationBody>().WithMany().HasForeignKey(x => x.AtBodyId).OnDelete(DeleteBehavior.Restrict);
    }
}
