using Mediation.Api.ReferenceData;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Disputes;

internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> e)
    {
        e.ToTable("Disputes");
        e.Property(x => x.CaseNumber).HasMaxLength(64);
        e.HasIndex(x => x.CaseNumber).IsUnique();
        e.Property(x => x.ApplicationNumber).HasMaxLength(64);
        e.HasIndex(x => x.ApplicationNumber).IsUnique();
        e.Ignore(x => x.Reference);
        e.Ignore(x => x.ReferenceText);
        e.Ignore(x => x.ReferenceLabel);
        e.HasIndex(x => x.FiledByUserId);
        // The intake queue reads one (body, status) range at a time in key order, so a page costs the same at any
        // depth.
        e.HasIndex(x => new
        {
            x.BodyId,
            x.Status,
            x.SubmittedAt,
            x.Id,
        });
        e.HasIndex(x => new
        {
            x.BodyId,
            x.Status,
            x.QueuedAt,
            x.Id,
        });
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.Source).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.PreferredMode).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.TypeCode).HasMaxLength(32);
        e.Property(x => x.Facts).HasMaxLength(5000);
        e.Property(x => x.Claims).HasMaxLength(2000);
        e.Property(x => x.Place).HasMaxLength(200);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.OwnsOne(
            x => x.Referral,
            r =>
            {
                r.Property(x => x.UnitName).HasMaxLength(100);
                r.Property(x => x.Contact).HasMaxLength(100);
                r.Property(x => x.DocumentNumber).HasMaxLength(64);
            }
        );
        e.Property(x => x.RiskReasonsJson).HasMaxLength(8000);
        e.HasIndex(x => new { x.BodyId, x.RiskLevel });
        e.HasOne<MediationBody>().WithMany().HasForeignKey(x => x.BodyId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<DisputeType>().WithMany().HasForeignKey(x => x.TypeCode).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Parties).WithOne().HasForeignKey(x => x.DisputeId);
        e.HasMany(x => x.StatusHistory).WithOne().HasForeignKey(x => x.DisputeId);
        e.HasMany(x => x.Acceptances).WithOne().HasForeignKey(x => x.DisputeId);
        e.HasMany(x => x.Mediators).WithOne().HasForeignKey(x => x.DisputeId);
    }
}

internal sealed class DisputeMediatorConfiguration : IEntityTypeConfiguration<DisputeMediator>
{
    public void Configure(EntityTypeBuilder<DisputeMediator> e)
    {
        e.ToTable("DisputeMediators");
        e.Property(x => x.RemovedReason).HasMaxLength(500);
        e.HasIndex(x => new { x.StaffUserId, x.RemovedAt });
        e.HasIndex(x => x.DisputeId);
        e.HasOne<Auth.StaffUser>().WithMany().HasForeignKey(x => x.StaffUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DisputePartyConfiguration : IEntityTypeConfiguration<DisputeParty>
{
    public void Configure(EntityTypeBuilder<DisputeParty> e)
    {
        e.ToTable("DisputeParties");
        e.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Gender).HasConversion<string>().HasMaxLength(8);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Ethnicity).HasMaxLength(20);
        e.Property(x => x.Occupation).HasMaxLength(100);
        e.Property(x => x.CreditCode).HasMaxLength(18);
        e.Property(x => x.LegalRepresentative).HasMaxLength(50);
        e.Property(x => x.IdNumberHash).HasMaxLength(64);
        e.Property(x => x.PhoneHash).HasMaxLength(64);
        e.HasIndex(x => x.IdNumberHash);
        e.HasIndex(x => x.PhoneHash);
        e.HasIndex(x => x.CreditCode);
        e.HasIndex(x => x.UserId);
    }
}

internal sealed class DisputeStatusChangeConfiguration : IEntityTypeConfiguration<DisputeStatusChange>
{
    public void Configure(EntityTypeBuilder<DisputeStatusChange> e)
    {
        e.ToTable("DisputeStatusChanges");
        e.Property(x => x.From).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.To).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.ActorKind).HasMaxLength(16);
        e.Property(x => x.Reason).HasMaxLength(1000);
        e.HasIndex(x => new { x.DisputeId, x.At });
    }
}

internal sealed class LegalTextAcceptanceConfiguration : IEntityTypeConfiguration<LegalTextAcceptance>
{
    public void Configure(EntityTypeBuilder<LegalTextAcceptance> e)
    {
        e.ToTable("LegalTextAcceptances");
        e.Property(x => x.Kind).HasMaxLength(32);
        e.Property(x => x.TextVersion).HasMaxLength(32);
        e.Property(x => x.TextSha256).HasMaxLength(64);
        e.Property(x => x.ClientAddress).HasMaxLength(64);
        e.Property(x => x.Method).HasMaxLength(16);
    }
}

internal sealed class CaseNumberCounterConfiguration : IEntityTypeConfiguration<CaseNumberCounter>
{
    public void Configure(EntityTypeBuilder<CaseNumberCounter> e)
    {
        e.ToTable("CaseNumberCounters");
        e.HasKey(x => new { x.Scope, x.Year });
        e.Property(x => x.Scope).HasMaxLength(32);
    }
}
