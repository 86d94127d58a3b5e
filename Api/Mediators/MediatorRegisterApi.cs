using FluentValidation;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Mediators;

/// <summary>A supervisor's (站长) or administrator's change to one mediator's register entry: the specialties (the
/// profile's dispute types) and the register fields. Load limits and ID numbers stay with the administrators.</summary>
public sealed record MediatorRegisterRequest(List<string>? TypeCodes, MediatorRegisterInput? Register);

public sealed record MediatorRegisterView(
    Guid Id,
    string DisplayName,
    Guid? BodyId,
    IReadOnlyList<string> TypeCodes,
    MediatorRegisterResponse Register,
    string? PhotoUrl
);

internal sealed class MediatorRegisterRequestValidator : AbstractValidator<MediatorRegisterRequest>
{
    public MediatorRegisterRequestValidator(TimeProvider clock)
    {
        RuleFor(x => x.TypeCodes).Must(t => t is null || t.Count <= 30).WithMessage("纠纷类型不能超过30个");
        RuleForEach(x => x.TypeCodes)
            .MustAsync(
                (_, code, context, ct) => context.Get<AppDbContext>().DisputeTypes.AnyAsync(t => t.Code == code, ct)
            )
            .WithMessage("纠纷类型不存在：{PropertyValue}");
        RuleFor(x => x.Register).NotNull().WithMessage("请填写名册信息");
        RuleFor(x => x.Register).SetValidator(new MediatorRegisterInputValidator(clock)!);
    }
}

public static class MediatorRegisterApi
{
    public const string Policy = "MediatorRegister";

    public static IEndpointRouteBuilder MapMediatorRegister(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/mediators/{id:guid}/register")
            .WithTags("Mediators")
            .RequireAuthorization(Policy)
            .WithValidation();
        group.MapGet("/", GetRegister).Named(nameof(GetRegister), "调解员名册信息（站长、管理员）");
        group.MapPut("/", UpdateRegister).Named(nameof(UpdateRegister), "修改调解员名册信息（站长、管理员）");
        group
            .MapGet("/photo", MediatorPhotos.GetStaffPhoto)
            .Named(nameof(MediatorPhotos.GetStaffPhoto), "调解员照片（站长、管理员；不论是否在名录中）");
        group
            .MapPost("/photo", MediatorPhotos.UploadPhoto)
            .Named(
                nameof(MediatorPhotos.UploadPhoto),
                "上传或更换调解员照片（站长、管理员；multipart/form-data 的 file 字段，JPEG 或 PNG，不超过 2 MB）"
            );
        group
            .MapDelete("/photo", MediatorPhotos.RemovePhoto)
            .Named(nameof(MediatorPhotos.RemovePhoto), "删除调解员照片（站长、管理员）");
        return app;
    }

    public static async Task<Results<Ok<MediatorRegisterView>, NotFound>> GetRegister(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if (await FindAsync(db, user, id, ct) is not { } staff)
            return TypedResults.NotFound();
        var profile = await db.MediatorProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.StaffUserId == id, ct)
            ?? new MediatorProfile { StaffUserId = id };
        return TypedResults.Ok(View(staff, profile));
    }

    public static async Task<Results<Ok<MediatorRegisterView>, NotFound>> UpdateRegister(
        Guid id,
        MediatorRegisterRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        CancellationToken ct
    )
    {
        if (await FindAsync(db, user, id, ct) is not { } staff)
            return TypedResults.NotFound();
        var profile = await db.MediatorProfiles.FirstOrDefaultAsync(p => p.StaffUserId == id, ct);
        if (profile is null)
            db.MediatorProfiles.Add(profile = new MediatorProfile { StaffUserId = id });
        var before = MediatorRegister.AuditView(profile);
        if (request.TypeCodes is { } types)
            profile.TypeCodes = types.Distinct().ToList();
        MediatorRegister.Apply(profile, request.Register!);
        audit.Record(
            "MediatorRegisterUpdated",
            "StaffUser",
            id,
            new { before, after = MediatorRegister.AuditView(profile) }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(View(staff, profile));
    }

    /// <summary>A mediator the caller may maintain: any for an administrator; for a supervisor, one whose body is
    /// theirs or below it. Anyone else's is 404, as if it did not exist.</summary>
    internal static async Task<StaffUser?> FindAsync(
        AppDbContext db,
        ClaimsPrincipal user,
        Guid id,
        CancellationToken ct
    )
    {
        var staff = await db.StaffUsers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (staff is null || !staff.Roles.Contains(StaffRoles.Mediator))
            return null;
        if (user.IsInRole(StaffRoles.Admin))
            return staff;
        var bodies = await DisputeAccess.JurisdictionAsync(user, db, ct);
        return user.IsInRole(StaffRoles.Supervisor) && staff.BodyId is { } b && bodies.Contains(b) ? staff : null;
    }

    internal static MediatorRegisterView View(StaffUser s, MediatorProfile p) =>
        new(
            s.Id,
            s.DisplayName,
            s.BodyId,
            p.TypeCodes,
            MediatorRegisterResponse.Of(p),
            MediatorPhotos.StaffUrl(s.Id, p)
        );
}
