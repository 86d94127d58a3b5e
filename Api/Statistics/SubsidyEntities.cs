using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Statistics;

/// <summary>
/// A county's subsidy standard (以案定补标准), one row per county body, amounts in fen. A closed case is paid its
/// class amount (by the sessions held in it, see <see cref="SubsidyCalculator.Classify"/>), plus the agreement
/// amount of its effective agreement's form, plus the referral bonus when it was referred; a mediator's month is
/// capped at <see cref="MonthlyCapFen"/>. The rules are in docs/console-and-statistics.md, "以案定补".
/// </summary>
public sealed class SubsidyRule
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid BodyId { get; set; }
    public long SimpleCaseFen { get; set; }
    public long OrdinaryCaseFen { get; set; }
    public long ComplexCaseFen { get; set; }

    /// <summary>Held sessions from which a case is ordinary (一般) rather than simple (简易).</summary>
    public int OrdinaryFromSessions { get; set; }

    /// <summary>Held sessions from which a case is complex (复杂).</summary>
    public int ComplexFromSessions { get; set; }
    public long WrittenAgreementFen { get; set; }
    public long OralAgreementFen { get; set; }
    public long ReferralBonusFen { get; set; }
    public long MonthlyCapFen { get; set; }
    public Guid? UpdatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}

public enum SubsidySheetStatus
{
    Draft,
    Approved,
}

/// <summary>One body's monthly subsidy sheet (以案定补月度核算表). The computed lines are a snapshot (JSON), so a later
/// change of the standard or of a case never changes a sheet; once approved, only adjustments change its
/// total.</summary>
public sealed class SubsidySheet
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid BodyId { get; set; }

    /// <summary>yyyy-MM, China time.</summary>
    public required string Month { get; set; }
    public SubsidySheetStatus Status { get; set; }

    /// <summary>The county whose standard was applied.</summary>
    public Guid RuleBodyId { get; set; }
    public int RuleVersion { get; set; }
    public required string LinesJson { get; set; }
    public Guid ComputedById { get; set; }
    public DateTime ComputedAt { get; set; }
    public Guid? ApprovedById { get; set; }
    public string? ApprovedByName { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public int Version { get; set; }
    public List<SubsidyAdjustment> Adjustments { get; set; } = [];
}

/// <summary>A correction to one mediator's amount on a sheet, with its reason; signed fen.</summary>
public sealed class SubsidyAdjustment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SheetId { get; set; }
    public Guid MediatorId { get; set; }
    public required string MediatorName { get; set; }
    public long AmountFen { get; set; }
    public required string Reason { get; set; }
    public Guid ById { get; set; }
    public DateTime At { get; set; }
}

internal sealed class SubsidyRuleConfiguration : IEntityTypeConfiguration<SubsidyRule>
{
    public void Configure(EntityTypeBuilder<SubsidyRule> e)
    {
        e.ToTable("SubsidyRules");
        e.HasIndex(x => x.BodyId).IsUnique();
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class SubsidySheetConfiguration : IEntityTypeConfiguration<SubsidySheet>
{
    public void Configure(EntityTypeBuilder<SubsidySheet> e)
    {
        e.ToTable("SubsidySheets");
        e.HasIndex(x => new { x.BodyId, x.Month }).IsUnique();
        e.Property(x => x.Month).HasMaxLength(7);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.ApprovedByName).HasMaxLength(100);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasMany(x => x.Adjustments).WithOne().HasForeignKey(a => a.SheetId);
    }
}

internal sealed class SubsidyAdjustmentConfiguration : IEntityTypeConfiguration<SubsidyAdjustment>
{
    public void Configure(EntityTypeBuilder<SubsidyAdjustment> e)
    {
        e.ToTable("SubsidyAdjustments");
        e.HasIndex(x => x.SheetId);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.Property(x => x.MediatorName).HasMaxLength(100);
    }
}
