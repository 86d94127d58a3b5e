using FluentValidation;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Events;
using Mediation.Api.Notifications;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Intake;

/// <summary>
/// A respondent's answer to the invitation to mediate. Mediation is voluntary (人民调解法 art. 3, 17: 当事人一方明确拒绝调解的， 不得调解): a
/// respondent who refuses does so with a coded reason, which reaches the clerk and the mediators; the committee then
/// decides what becomes of the case. Answers are kept, the latest one counts.
/// </summary>
public sealed class ParticipationAnswer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public Guid PartyId { get; set; }
    public Guid UserId { get; set; }
    public bool Agrees { get; set; }
    public string? ReasonCode { get; set; }
    public string? Note { get; set; }
    public DateTime At { get; set; }
}

internal sealed class ParticipationAnswerConfiguration : IEntityTypeConfiguration<ParticipationAnswer>
{
    public void Configure(EntityTypeBuilder<ParticipationAnswer> e)
    {
        e.ToTable("ParticipationAnswers");
        e.Property(x => x.ReasonCode).HasMaxLength(32);
        e.Property(x => x.Note).HasMaxLength(500);
        e.HasIndex(x => new { x.DisputeId, x.At });
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed record RefusalReason(string Code, string Name);

public sealed record ParticipationRequest(bool? Agrees, string? ReasonCode, string? Note);

public sealed record ParticipationResponse(
    Guid PartyId,
    string PartyName,
    bool Agrees,
    string? ReasonCode,
    string? ReasonName,
    string? Note,
    DateTime At
);

/// <summary>What a respondent's first screen needs: whether I have answered (and how), and the coded reasons to refuse
/// with.</summary>
public sealed record MyParticipation(
    bool CanAnswer,
    ParticipationResponse? Answer,
    IReadOnlyList<RefusalReason> Reasons
);

internal sealed class ParticipationRequestValidator : AbstractValidator<ParticipationRequest>
{
    public ParticipationRequestValidator()
    {
        RuleFor(x => x.Agrees).NotNull().WithMessage("请选择是否同意参加调解");
        RuleFor(x => x.ReasonCode)
            .NotEmpty()
            .When(x => x.Agrees == false)
            .WithMessage("请选择拒绝调解的原因")
            .Must(c => c is null || Participation.Reasons.Any(r => r.Code == c))
            .WithMessage("拒绝原因不存在，请从列表中选择");
        RuleFor(x => x.Note)
            .NotEmpty()
            .When(x => x.Agrees == false && x.ReasonCode == Participation.OtherReason)
            .WithMessage("请简要说明拒绝调解的原因")
            .MaximumLength(500)
            .WithMessage("说明不能超过500个字");
    }
}

public static class Participation
{
    public const string OtherReason = "other";

    /// <summary>The coded reasons a respondent may give for refusing mediation, in the order they are
    /// offered.</summary>
    public static readonly IReadOnlyList<RefusalReason> Reasons =
    [
        new("not-willing", "不愿意通过调解解决"),
        new("prefer-court", "准备通过诉讼、仲裁等其他途径解决"),
        new("already-resolved", "双方已经自行和解"),
        new("not-party", "我不是这起纠纷的当事人"),
        new(OtherReason, "其他原因"),
    ];

    /// <summary>States in which the invitation is still open: from filing until mediation has ended or the case is
    /// closed.</summary>
    private static readonly DisputeStatus[] Open =
    [
        DisputeStatus.Submitted,
        DisputeStatus.NeedsCorrection,
        DisputeStatus.Accepted,
        DisputeStatus.Transferred,
        DisputeStatus.MediatorAssigned,
        DisputeStatus.InMediation,
    ];

    public static IEndpointRouteBuilder MapParticipation(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/disputes")
            .WithTags("Disputes")
            .RequireAuthorization(Policies.Citizen)
            .WithValidation();
        group
            .MapGet("/{id:guid}/participation", GetParticipation)
            .WithName(nameof(GetParticipation))
            .WithSummary("被申请人：是否已答复参加调解，以及拒绝调解的原因列表");
        group
            .MapPost("/{id:guid}/participation", AnswerParticipation)
            .WithName(nameof(AnswerParticipation))
            .WithSummary("被申请人同意或拒绝参加调解（拒绝须选原因）");
        return app;
    }

    public static async Task<Results<Ok<MyParticipation>, NotFound>> GetParticipation(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var dispute = await DisputeAccess.CitizenCaseAsync(db, id, me, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var mine = dispute.Parties.Where(p => p.Role == PartyRole.Respondent && p.UserId == me).ToList();
        var answer = await LatestAsync(db, id, mine.Select(p => p.Id).ToList(), ct);
        return TypedResults.Ok(
            new MyParticipation(
                mine.Count > 0 && Open.Contains(dispute.Status),
                answer is null ? null : ToResponse(answer, mine.First(p => p.Id == answer.PartyId).Name),
                Reasons
            )
        );
    }

    public static async Task<Results<Ok<ParticipationResponse>, NotFound, ProblemHttpResult>> AnswerParticipation(
        Guid id,
        ParticipationRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        Notifier notifier,
        DomainEvents events,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var dispute = await DisputeAccess.CitizenCaseAsync(db, id, me, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var party = dispute
            .Parties.Where(p => p.Role == PartyRole.Respondent && p.UserId == me)
            .OrderBy(p => p.Position)
            .FirstOrDefault();
        if (party is null)
            return Problems.Forbidden("只有被申请人需要答复是否参加调解");
        if (!Open.Contains(dispute.Status))
            return Problems.WrongState(
                "当前状态不能答复",
                $"案件当前状态为「{DisputeStateMachine.DisplayName(dispute.Status)}」，调解已结束或申请已终结。"
            );

        var now = clock.GetUtcNow().UtcDateTime;
        var agrees = request.Agrees!.Value;
        var answer = new ParticipationAnswer
        {
            DisputeId = id,
            PartyId = party.Id,
            UserId = me,
            Agrees = agrees,
            ReasonCode = agrees ? null : request.ReasonCode,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            At = now,
        };
        db.ParticipationAnswers.Add(answer);
        var reason = ReasonName(answer.ReasonCode);
        var body = agrees
            ? $"案件 {dispute.Reference} 的被申请人 {party.Name} 同意参加调解。"
            : $"案件 {dispute.Reference} 的被申请人 {party.Name} 拒绝调解，原因：{reason}{(answer.Note is null ? "" : "（" + answer.Note + "）")}。依法不得强迫调解，请决定后续处理。";
        var notice = IntakeDecisions.CaseNotice(
            dispute,
            agrees ? "RespondentAgreed" : "RespondentRefused",
            agrees ? "被申请人同意调解" : "被申请人拒绝调解",
            body,
            now
        );
        foreach (var staff in await ClerkAndMediatorsAsync(db, dispute, ct))
            await notifier.StageAsync(
                Recipient.Staff(staff),
                notice,
                $"participation:{answer.Id:N}:{staff:N}",
                now,
                ct
            );
        audit.Record(
            agrees ? "RespondentAgreed" : "RespondentRefused",
            "Dispute",
            id,
            new
            {
                partyId = party.Id,
                answer.ReasonCode,
                answer.Note,
            }
        );
        // The answer is news about the case: its words are read, and a refusal is part of the case's shape.
        await events.RaiseAsync(new CaseTextAdded(id, "Participation", answer.Note ?? ""), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(answer, party.Name));
    }

    /// <summary>Who must hear of an answer: the mediators on the case, and the clerk who last decided on it (accepted
    /// it).</summary>
    private static async Task<List<Guid>> ClerkAndMediatorsAsync(AppDbContext db, Dispute dispute, CancellationToken ct)
    {
        var ids = await db.Set<DisputeMediator>()
            .Where(m => m.DisputeId == dispute.Id && m.RemovedAt == null)
            .Select(m => m.StaffUserId)
            .ToListAsync(ct);
        var clerk = await db.Set<DisputeStatusChange>()
            .Where(c => c.DisputeId == dispute.Id && c.ActorKind == Claims.StaffKind && c.ActorId != null)
            .OrderByDescending(c => c.At)
            .Select(c => c.ActorId)
            .FirstOrDefaultAsync(ct);
        if (clerk is { } c)
            ids.Add(c);
        return ids.Distinct().ToList();
    }

    public static string? ReasonName(string? code) => Reasons.FirstOrDefault(r => r.Code == code)?.Name;

    internal static async Task<ParticipationAnswer?> LatestAsync(
        AppDbContext db,
        Guid disputeId,
        List<Guid> partyIds,
        CancellationToken ct
    ) =>
        await db
            .ParticipationAnswers.AsNoTracking()
            .Where(a => a.DisputeId == disputeId && partyIds.Contains(a.PartyId))
            .OrderByDescending(a => a.At)
            .FirstOrDefaultAsync(ct);

    internal static ParticipationResponse ToResponse(ParticipationAnswer a, string partyName) =>
        new(a.PartyId, partyName, a.Agrees, a.ReasonCode, ReasonName(a.ReasonCode), a.Note, a.At);

    /// <summary>Each answer on the case's timeline, for the parties and staff alike.</summary>
    internal sealed class Timeline : ITimelineContributor
    {
        public async Task<IEnumerable<TimelineItem>> ItemsAsync(
            AppDbContext db,
            Guid disputeId,
            ClaimsPrincipal user,
            CancellationToken ct
        )
        {
            var answers = await db
                .ParticipationAnswers.AsNoTracking()
                .Where(a => a.DisputeId == disputeId)
                .ToListAsync(ct);
            return answers.Select(a => new TimelineItem(
                a.At,
                a.Agrees ? "RespondentAgreed" : "RespondentRefused",
                a.Agrees ? "被申请人同意调解" : "被申请人拒绝调解",
                null,
                null,
                a.Agrees ? null : $"原因：{ReasonName(a.ReasonCode)}{(a.Note is null ? "" : "（" + a.Note + "）")}"
            ));
        }
    }
}
