using Mediation.Api.Disputes;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Intake;

internal sealed class IntakeClaimConfiguration : IEntityTypeConfiguration<IntakeClaim>
{
    public void Configure(EntityTypeBuilder<IntakeClaim> e)
    {
        e.ToTable("IntakeClaims");
        e.HasKey(x => x.DisputeId);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne<Dispute>().WithOne().HasForeignKey<IntakeClaim>(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Auth.StaffUser>().WithMany().HasForeignKey(x => x.StaffUserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DisputeHandlingConfiguration : IEntityTypeConfiguration<DisputeHandling>
{
    public void Configure(EntityTypeBuilder<DisputeHandling> e)
    {
        e.ToTable("DisputeHandlings");
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.HasIndex(x => new { x.DisputeId, x.At });
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseNoteConfiguration : IEntityTypeConfiguration<CaseNote>
{
    public void Configure(EntityTypeBuilder<CaseNote> e)
    {
        e.ToTable("CaseNotes");
        e.Property(x => x.Text).HasMaxLength(2000);
        e.HasIndex(x => new { x.DisputeId, x.At });
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CorrectionRequestConfiguration : IEntityTypeConfiguration<CorrectionRequest>
{
    public void Configure(EntityTypeBuilder<CorrectionRequest> e)
    {
        e.ToTable("CorrectionRequests");
        e.PrimitiveCollection(x => x.Items);
        e.Property(x => x.Outcome).HasMaxLength(16);
        e.Property(x => x.JobId).HasMaxLength(64);
        e.HasIndex(x => new { x.DisputeId, x.RequestedAt });
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MediatorObjectionConfiguration : IEntityTypeConfiguration<MediatorObjection>
{
    public void Configure(EntityTypeBuilder<MediatorObjection> e)
    {
        e.ToTable("MediatorObjections");
        e.Property(x => x.Reason).HasMaxLength(500);
        e.HasIndex(x => new { x.DisputeId, x.MediatorId });
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RejectionReasonConfiguration : IEntityTypeConfiguration<RejectionReason>
{
    public void Configure(EntityTypeBuilder<RejectionReason> e)
    {
        e.ToTable("RejectionReasons");
        e.HasKey(x => x.Code);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.NoticeText).HasMaxLength(1000);
        // The statutory grounds (人民调解法 art. 18 and practice); a county may add its own rows.
        e.HasData(
            Reason(
                "court-police-agency",
                "依法应当由法院、公安或其他行政机关处理",
                "您申请调解的事项依法应当由人民法院、公安机关或者其他行政机关处理，本委员会不予受理。请向有关机关反映。",
                10
            ),
            Reason(
                "already-before-court",
                "已由法院、公安或其他行政机关受理或处理",
                "您申请调解的纠纷已经由人民法院、公安机关或者其他行政机关受理或者解决，本委员会不予受理。",
                20
            ),
            Reason(
                "not-civil",
                "不属于民间纠纷",
                "您申请调解的事项不属于人民调解的民间纠纷范围，本委员会不予受理。",
                30
            ),
            Reason(
                "party-refuses",
                "当事人一方明确拒绝调解",
                "对方当事人明确拒绝调解，根据《人民调解法》第十七条，本委员会不予受理。您可以通过仲裁、行政或诉讼等途径维护权利。",
                40
            ),
            Reason(
                "duplicate",
                "重复申请",
                "您就同一纠纷已提交过调解申请，本次申请不予受理，请在原案件中查看进展。",
                50
            ),
            Reason("other", "其他原因", "经审查，您的调解申请不予受理。", 90)
        );
    }

    private static RejectionReason Reason(string code, string name, string notice, int order) =>
        new()
        {
            Code = code,
            Name = name,
            NoticeText = notice,
            SortOrder = order,
        };
}
