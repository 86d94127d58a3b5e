using FluentValidation;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Notifications;
using Mediation.Api.Sessions;

namespace Mediation.Api.Mediators;

public sealed record ExpertProfileRequest(string? Field, string? Organisation, string? Phone);

/// <param name="Phone">Masked.</param>
public sealed record ExpertView(
    Guid Id,
    string DisplayName,
    Guid? BodyId,
    string? Field,
    string? Organisation,
    string? Phone
);

public sealed record InviteExpertRequest(Guid? ExpertId, string? Question);

public sealed record OpinionRequest(string? Text);

public sealed record ConsultationView(
    Guid Id,
    Guid DisputeId,
    Guid ExpertId,
    string ExpertName,
    string? ExpertField,
    string Question,
    DateTime InvitedAt,
    string? Opinion,
    DateTime? OpinionAt,
    DateTime? WithdrawnAt
);

/// <param name="Phone">Masked.</param>
public sealed record ExpertCaseParty(string Role, string Kind, string Name, string? Phone);

public sealed record ExpertCaseView(
    Guid Id,
    string Reference,
    string TypeCode,
    string Status,
    string Facts,
    string Claims,
    long? AmountFen,
    IReadOnlyList<ExpertCaseParty> Parties,
    IReadOnlyList<ConsultationView> Consultations
);

internal sealed class ExpertProfileRequestValidator : AbstractValidator<ExpertProfileRequest>
{
    public ExpertProfileRequestValidator()
    {
        RuleFor(x => x.Field)
            .NotEmpty()
            .WithMessage("请填写专业领域")
            .MaximumLength(30)
            .WithMessage("专业领域不能超过30个字");
        RuleFor(x => x.Organisation)
            .NotEmpty()
            .WithMessage("请填写所在单位")
            .MaximumLength(100)
            .WithMessage("所在单位不能超过100个字");
        RuleFor(x => x.Phone).MainlandMobile();
    }
}

internal sealed class InviteExpertRequestValidator : AbstractValidator<InviteExpertRequest>
{
    public InviteExpertRequestValidator()
    {
        RuleFor(x => x.ExpertId).NotNull().WithMessage("请选择专家");
        RuleFor(x => x.Question)
            .NotEmpty()
            .WithMessage("请写明咨询的问题")
            .MaximumLength(1000)
            .WithMessage("咨询问题不能超过1000个字");
    }
}

internal sealed class OpinionRequestValidator : AbstractValidator<OpinionRequest>
{
    public OpinionRequestValidator()
    {
        RuleFor(x => x.Text)
            .NotEmpty()
            .WithMessage("请填写专家意见")
            .MaximumLength(5000)
            .WithMessage("专家意见不能超过5000个字");
    }
}

/// <summary>The expert pool (专家库): profiles kept by supervisors and administrators, the staff's list, a mediator's
/// invitation of an expert onto their case, the expert's read-only view of it and their one opinion.</summary>
public static class ExpertsApi
{
    public const string ExpertPolicy = "Expert";
    public const string PoolPolicy = "ExpertPool";

    public static IEndpointRouteBuilder MapExperts(this IEndpointRouteBuilder app)
    {
        var experts = app.MapGroup("/api/experts").WithTags("Experts").WithValidation();
        experts
            .MapGet("/", ListExperts)
            .RequireAuthorization(PoolPolicy)
            .Named(nameof(ListExperts), "专家库（可按专业领域筛选，联系电话已脱敏）");
        experts
            .MapGet("/{id:guid}/profile", GetExpertProfile)
            .RequireAuthorization(MediatorRegisterApi.Policy)
            .Named(nameof(GetExpertProfile), "专家信息（站长、管理员）");
        experts
            .MapPut("/{id:guid}/profile", UpdateExpertProfile)
            .RequireAuthorization(MediatorRegisterApi.Policy)
            .Named(nameof(UpdateExpertProfile), "登记或修改专家信息（站长、管理员）");

        app.MapGroup("/api/disputes/{id:guid}")
            .WithTags("Experts")
            .WithValidation()
            .MapPost("/experts", InviteExpert)
            .RequireAuthorization(SessionsApi.MediatorPolicy)
            .Named(nameof(InviteExpert), "承办调解员邀请专家就本案提供咨询意见");
        app.MapGet("/api/disputes/{id:guid}/consultations", ListConsultations)
            .WithTags("Experts")
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(ListConsultations), "本案的专家咨询及专家意见");

        var mine = app.MapGroup("/api/expert").WithTags("Experts").RequireAuthorization(ExpertPolicy);
        mine.MapGet("/cases", ListExpertCases).Named(nameof(ListExpertCases), "专家：邀请我咨询的案件");
        mine.MapGet("/cases/{id:guid}", GetExpertCase)
            .Named(nameof(GetExpertCase), "专家：受邀案件的案情（只读，当事人信息已脱敏）");
        app.MapGroup("/api/consultations/{id:guid}")
            .WithTags("Experts")
            .RequireAuthorization(ExpertPolicy)
            .WithValidation()
            .MapPost("/opinion", WriteOpinion)
            .Named(nameof(WriteOpinion), "专家出具咨询意见（每次咨询一次）");
        app.MapPost("/api/consultations/{id:guid}/withdraw", WithdrawConsultation)
            .WithTags("Experts")
            .RequireAuthorization(SessionsApi.MediatorPolicy)
            .Named(nameof(WithdrawConsultation), "承办调解员撤回尚未出具意见的专家咨询（专家即不能再查看本案）");
        return app;
    }

    /// <summary>A mediator currently assigned to the case withdraws a consultation still waiting for its opinion; the
    /// expert loses the case at once (their other consultations on it, if any, still count).</summary>
    public static async Task<Results<Ok<ConsultationView>, NotFound, ProblemHttpResult>> WithdrawConsultation(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var consultation = await db.Consultations.FirstOrDefaultAsync(
            c =>
                c.Id == id
                && c.WithdrawnAt == null
                && db.Set<Dispute>()
                    .Any(d => d.Id == c.DisputeId && d.Mediators.Any(m => m.StaffUserId == me && m.RemovedAt == null)),
            ct
        );
        if (consultation is null)
            return TypedResults.NotFound();
        if (consultation.Opinion is not null)
            return Problems.Conflict(
                "专家已出具意见",
                "专家意见已经出具并归入卷宗，不能撤回。",
                Problems.Codes.WrongState
            );
        consultation.WithdrawnAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(
            "ExpertConsultationWithdrawn",
            "Dispute",
            consultation.DisputeId,
            new { consultationId = consultation.Id, consultation.ExpertId }
        );
        await db.SaveChangesAsync(ct);
        var expert = await db.StaffUsers.AsNoTracking().SingleAsync(s => s.Id == consultation.ExpertId, ct);
        var profile = await db
            .ExpertProfiles.AsNoTracking()
            .FirstOrDefaultAsync(p => p.StaffUserId == consultation.ExpertId, ct);
        return TypedResults.Ok(ConsultationOf(consultation, expert, profile));
    }

    public static async Task<Ok<List<ExpertView>>> ListExperts(
        string? field,
        AppDbContext db,
        PersonalDataProtector protector,
        CancellationToken ct
    )
    {
        var rows = await (
            from s in db.StaffUsers.AsNoTracking()
            join p in db.ExpertProfiles.AsNoTracking() on s.Id equals p.StaffUserId
            where s.Active && (field == null || field == "" || p.Field == field)
            orderby p.Field, s.DisplayName
            select new { s, p }
        ).ToListAsync(ct);
        return TypedResults.Ok(
            rows.Where(r => r.s.Roles.Contains(StaffRoles.Expert)).Select(r => View(r.s, r.p, protector)).ToList()
        );
    }

    public static async Task<Results<Ok<ExpertView>, NotFound>> GetExpertProfile(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        CancellationToken ct
    )
    {
        if (await FindExpertAsync(db, user, id, ct) is not { } staff)
            return TypedResults.NotFound();
        var profile = await db.ExpertProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.StaffUserId == id, ct);
        return TypedResults.Ok(View(staff, profile, protector));
    }

    public static async Task<Results<Ok<ExpertView>, NotFound>> UpdateExpertProfile(
        Guid id,
        ExpertProfileRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (await FindExpertAsync(db, user, id, ct) is not { } staff)
            return TypedResults.NotFound();
        var profile = await db.ExpertProfiles.FirstOrDefaultAsync(p => p.StaffUserId == id, ct);
        if (profile is null)
            db.ExpertProfiles.Add(
                profile = new ExpertProfile
                {
                    StaffUserId = id,
                    Field = "",
                    Organisation = "",
                }
            );
        var before = new { profile.Field, profile.Organisation };
        profile.Field = request.Field!.Trim();
        profile.Organisation = request.Organisation!.Trim();
        profile.PhoneCipher = protector.ProtectOrNull(request.Phone);
        profile.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        profile.UpdatedById = user.GetUserId();
        audit.Record(
            "ExpertProfileUpdated",
            "StaffUser",
            id,
            new
            {
                before,
                after = new { profile.Field, profile.Organisation },
                phone = Masking.Phone(request.Phone),
            }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(View(staff, profile, protector));
    }

    public static async Task<
        Results<Created<ConsultationView>, NotFound, ProblemHttpResult, ValidationProblem>
    > InviteExpert(
        Guid id,
        InviteExpertRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        Notifier notifier,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var dispute = await db
            .Disputes.AsNoTracking()
            .FirstOrDefaultAsync(
                d => d.Id == id && d.Mediators.Any(m => m.StaffUserId == me && m.RemovedAt == null),
                ct
            );
        if (dispute is null)
            return TypedResults.NotFound();
        if (ExpertAccess.Ended.Contains(dispute.Status))
            return Problems.Conflict(
                "案件已结束",
                $"案件已{DisputeStateMachine.DisplayName(dispute.Status)}，不能再邀请专家。",
                Problems.Codes.WrongState
            );
        var expertId = request.ExpertId!.Value;
        var expert = await db.StaffUsers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == expertId && s.Active, ct);
        var profile = await db.ExpertProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.StaffUserId == expertId, ct);
        if (expert is null || profile is null || !expert.Roles.Contains(StaffRoles.Expert))
            return Problems.Invalid("expertId", "专家不存在、未登记或已停用");
        if (
            await db.Consultations.AnyAsync(
                c => c.DisputeId == id && c.ExpertId == expertId && c.WithdrawnAt == null && c.Opinion == null,
                ct
            )
        )
            return Problems.Conflict("已邀请该专家", "该专家已受邀就本案咨询，尚未出具意见。", Problems.Codes.Conflict);

        var now = clock.GetUtcNow().UtcDateTime;
        var consultation = new Consultation
        {
            DisputeId = id,
            ExpertId = expertId,
            InvitedById = me,
            Question = request.Question!.Trim(),
            InvitedAt = now,
        };
        db.Consultations.Add(consultation);
        audit.Record(
            "ExpertInvited",
            "Dispute",
            id,
            new
            {
                consultationId = consultation.Id,
                expertId,
                profile.Field,
            }
        );
        await notifier.StageAsync(
            Recipient.Staff(expertId),
            new Notice(
                "ExpertInvited",
                "ExpertInvited",
                "专家咨询邀请",
                $"案件 {dispute.Reference} 的调解员邀请您就以下问题提供咨询意见：{consultation.Question}",
                id,
                null,
                []
            ),
            $"expert-invited:{consultation.Id:N}",
            now,
            ct
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/disputes/{id}/consultations", ConsultationOf(consultation, expert, profile));
    }

    public static async Task<Results<Ok<List<ConsultationView>>, NotFound>> ListConsultations(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if (!await (await db.Disputes.VisibleToStaffAsync(user, db, ct)).AnyAsync(d => d.Id == id, ct))
            return TypedResults.NotFound();
        return TypedResults.Ok(await ConsultationsAsync(db, c => c.DisputeId == id, ct));
    }

    public static async Task<Ok<List<ConsultationView>>> ListExpertCases(
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var visible = db.Disputes.VisibleToExpert(db, me).Select(d => d.Id);
        return TypedResults.Ok(
            await ConsultationsAsync(
                db,
                c => c.ExpertId == me && c.WithdrawnAt == null && visible.Contains(c.DisputeId),
                ct
            )
        );
    }

    public static async Task<Results<Ok<ExpertCaseView>, NotFound>> GetExpertCase(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var d = await db
            .Disputes.VisibleToExpert(db, me)
            .AsNoTracking()
            .Include(x => x.Parties)
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null)
            return TypedResults.NotFound();
        var consultations = await ConsultationsAsync(
            db,
            c => c.DisputeId == id && c.ExpertId == me && c.WithdrawnAt == null,
            ct
        );
        return TypedResults.Ok(
            new ExpertCaseView(
                d.Id,
                d.Reference,
                d.TypeCode,
                d.Status.ToString(),
                d.Facts,
                d.Claims,
                d.AmountFen,
                d.Parties.OrderBy(p => p.Role)
                    .ThenBy(p => p.Position)
                    .Select(p => new ExpertCaseParty(
                        p.Role.ToString(),
                        p.Kind.ToString(),
                        p.Name,
                        Masking.Phone(protector.UnprotectOrNull(p.PhoneCipher))
                    ))
                    .ToList(),
                consultations
            )
        );
    }

    public static async Task<Results<Ok<ConsultationView>, NotFound, ProblemHttpResult>> WriteOpinion(
        Guid id,
        OpinionRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        Notifier notifier,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var consultation = await db.Consultations.FirstOrDefaultAsync(
            c => c.Id == id && c.ExpertId == me && c.WithdrawnAt == null,
            ct
        );
        if (consultation is null)
            return TypedResults.NotFound();
        var dispute = await db
            .Disputes.VisibleToExpert(db, me)
            .AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == consultation.DisputeId, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        if (consultation.Opinion is not null)
            return Problems.Conflict("已出具意见", "本次咨询的专家意见已经出具，不能修改。", Problems.Codes.Conflict);

        var now = clock.GetUtcNow().UtcDateTime;
        consultation.Opinion = request.Text!.Trim();
        consultation.OpinionAt = now;
        audit.Record(
            "ExpertOpinionWritten",
            "Dispute",
            consultation.DisputeId,
            new { consultationId = consultation.Id, length = consultation.Opinion.Length }
        );
        await notifier.StageAsync(
            Recipient.Staff(consultation.InvitedById),
            new Notice(
                "ExpertOpinion",
                "ExpertOpinion",
                "专家意见已出具",
                $"案件 {dispute.Reference} 邀请的专家已出具咨询意见，请在案件的专家咨询中查看。",
                consultation.DisputeId,
                null,
                []
            ),
            $"expert-opinion:{consultation.Id:N}",
            now,
            ct
        );
        await db.SaveChangesAsync(ct);
        var expert = await db.StaffUsers.AsNoTracking().SingleAsync(s => s.Id == me, ct);
        var profile = await db.ExpertProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.StaffUserId == me, ct);
        return TypedResults.Ok(ConsultationOf(consultation, expert, profile));
    }

    /// <summary>Consultations with their experts' names and fields, oldest first (the case file uses it too).</summary>
    public static async Task<List<ConsultationView>> ConsultationsAsync(
        AppDbContext db,
        System.Linq.Expressions.Expression<Func<Consultation, bool>> where,
        CancellationToken ct
    )
    {
        var rows = await db.Consultations.AsNoTracking().Where(where).OrderBy(c => c.InvitedAt).ToListAsync(ct);
        var ids = rows.Select(c => c.ExpertId).Distinct().ToList();
        var names = await db
            .StaffUsers.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.DisplayName, ct);
        var fields = await db
            .ExpertProfiles.AsNoTracking()
            .Where(p => ids.Contains(p.StaffUserId))
            .ToDictionaryAsync(p => p.StaffUserId, p => p.Field, ct);
        return rows.Select(c => new ConsultationView(
                c.Id,
                c.DisputeId,
                c.ExpertId,
                names.GetValueOrDefault(c.ExpertId, ""),
                fields.GetValueOrDefault(c.ExpertId),
                c.Question,
                c.InvitedAt,
                c.Opinion,
                c.OpinionAt,
                c.WithdrawnAt
            ))
            .ToList();
    }

    /// <summary>An expert the caller may keep: any for an administrator; for a supervisor, one of their body or a body
    /// below it. Anyone else is 404.</summary>
    private static async Task<StaffUser?> FindExpertAsync(
        AppDbContext db,
        ClaimsPrincipal user,
        Guid id,
        CancellationToken ct
    )
    {
        var staff = await db.StaffUsers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (staff is null || !staff.Roles.Contains(StaffRoles.Expert))
            return null;
        if (user.IsInRole(StaffRoles.Admin))
            return staff;
        var bodies = await DisputeAccess.JurisdictionAsync(user, db, ct);
        return user.IsInRole(StaffRoles.Supervisor) && staff.BodyId is { } b && bodies.Contains(b) ? staff : null;
    }

    private static ExpertView View(StaffUser s, ExpertProfile? p, PersonalDataProtector protector) =>
        new(
            s.Id,
            s.DisplayName,
            s.BodyId,
            p?.Field,
            p?.Organisation,
            Masking.Phone(protector.UnprotectOrNull(p?.PhoneCipher))
        );

    private static ConsultationView ConsultationOf(Consultation c, StaffUser expert, ExpertProfile? profile) =>
        new(
            c.Id,
            c.DisputeId,
            c.ExpertId,
            expert.DisplayName,
            profile?.Field,
            c.Question,
            c.InvitedAt,
            c.Opinion,
            c.OpinionAt,
            c.WithdrawnAt
        );
}
