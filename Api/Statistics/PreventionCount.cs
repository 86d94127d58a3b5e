using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Statistics;

/// <summary>
/// Prevention figures a supervisor enters by hand for one body and month (防止民转刑, 防止群体性上访): they are judgements
/// about what did not happen, so no case data can produce them. A body's report sums its own and its descendants' rows.
/// </summary>
public sealed class PreventionCount
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid BodyId { get; set; }

    /// <summary>The month as "yyyy-MM" (Asia/Shanghai calendar).</summary>
    public required string Month { get; set; }
    public int PreventedCriminalCases { get; set; }
    public int PreventedMassPetitions { get; set; }
    public Guid UpdatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class PreventionCountConfiguration : IEntityTypeConfiguration<PreventionCount>
{
    public void Configure(EntityTypeBuilder<PreventionCount> e)
    {
        e.ToTable("PreventionCounts");
        e.Property(x => x.Month).HasMaxLength(7);
        e.HasIndex(x => new { x.BodyId, x.Month }).IsUnique();
        e.HasOne<ReferenceData.MediationBody>()
            .WithMany()
            .HasForeignKey(x => x.BodyId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}
