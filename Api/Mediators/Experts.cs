using Mediation.Api.Disputes;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Mediators;

/// <summary>An expert of the county's pool (专家库): a staff account with the single role <c>Expert</c> and this
/// profile, kept by the county's supervisors and the administrators.</summary>
public sealed class ExpertProfile
{
    public Guid StaffUserId { get; set; }

    /// <summary>专业领域, e.g. 律师、心理咨询师、社会工作者.</summary>
    public required string Field { get; set; }
    public required string Organisation { get; set; }

    /// <summary>The contact phone, encrypted (PersonalDataProtector); answers show it masked.</summary>
    public string? PhoneCipher { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
}

/// <summary>A mediator's invitation of an expert onto a case, and the expert's one opinion.</summary>
public sealed class Consultation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public Guid ExpertId { get; set; }
    public Guid InvitedById { get; set; }
    public required string Question { get; set; }
    public DateTime InvitedAt { get; set; }
    public string? Opinion { get; set; }
    public DateTime? OpinionAt { get; set; }
    public DateTime? WithdrawnAt { get; set; }
}

internal sealed class ExpertProfileConfiguration : IEntityTypeConfiguration<ExpertProfile>
{
    public void Configure(EntityTypeBuilder<ExpertProfile> e)
    {
        e.ToTable("ExpertProfiles");
        e.HasKey(x => x.StaffUserId);
        e.Property(x => x.Field).HasMaxLength(30);
        e.Property(x => x.Organisation).HasMaxLength(100);
        e.HasIndex(x => x.Field);
    }
}

internal sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>
{
    public void Configure(EntityTypeBuilder<Consultation> e)
    {
        e.ToTable("Consultations");
        e.HasKey(x => x.Id);
        e.Property(x => x.Question).HasMaxLength(1000);
        e.Property(x => x.Opinion).HasMaxLength(5000);
        e.HasIndex(x => x.DisputeId);
        e.HasIndex(x => new { x.ExpertId, x.DisputeId });
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class ExpertsTables
{
    extension(AppDbContext db)
    {
        public DbSet<ExpertProfile> ExpertProfiles => db.Set<ExpertProfile>();
        public DbSet<Consultation> Consultations => db.Set<Consultation>();
    }
}

/// <summary>Which cases an expert may read: those a mediator invited them onto, while the consultation stands and
/// the case is still being handled (not closed, withdrawn, rejected, lapsed or transferred). Everything else is 404,
/// and no write endpoint admits the role at all (docs/mediators.md).</summary>
public static class ExpertAccess
{
    public static readonly DisputeStatus[] Ended =
    [
        DisputeStatus.Closed,
        DisputeStatus.Withdrawn,
        DisputeStatus.Rejected,
        DisputeStatus.Lapsed,
        DisputeStatus.Transferred,
    ];

    public static IQueryable<Dispute> VisibleToExpert(this IQueryable<Dispute> disputes, AppDbContext db, Guid expertId)
    {
        var invited = db.Set<Consultation>()
            .Where(c => c.ExpertId == expertId && c.WithdrawnAt == null)
            .Select(c => c.DisputeId);
        return disputes.Where(d => !Ended.Contains(d.Status) && invited.Contains(d.Id));
    }
}
