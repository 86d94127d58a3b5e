using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Mediators;
using Microsoft.AspNetCore.Identity;

namespace Mediation.Api.Admin;

public static class StaffAdminApi
{
    public static RouteGroupBuilder MapStaffAdmin(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/staff");
        group.MapGet("/", ListStaff).Named(nameof(ListStaff), "工作人员账号");
        group.MapGet("/{id:guid}", GetStaff).Named(nameof(GetStaff), "工作人员账号详情");
        group.MapPost("/", CreateStaff).Named(nameof(CreateStaff), "新建工作人员账号");
        group.MapPut("/{id:guid}", UpdateStaff).Named(nameof(UpdateStaff), "修改工作人员账号与调解员资料");
        group.MapPost("/{id:guid}/password", ResetPassword).Named(nameof(ResetPassword), "重置密码（同时解除锁定）");
        return admin;
    }

    public static async Task<Ok<List<StaffResponse>>> ListStaff(
        Guid? bodyId,
        string? role,
        AppDbContext db,
        PersonalDataProtector protector,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var query = db.StaffUsers.AsNoTracking();
        if (bodyId is { } b)
            query = query.Where(s => s.BodyId == b);
        var staff = await query.OrderBy(s => s.Username).Take(1000).ToListAsync(ct);
        if (!string.IsNullOrEmpty(role))
            staff = staff.Where(s => s.Roles.Contains(role)).ToList();
        var ids = staff.Select(s => s.Id).ToList();
        var profiles = await db
            .MediatorProfiles.AsNoTracking()
            .Where(p => ids.Contains(p.StaffUserId))
            .ToDictionaryAsync(p => p.StaffUserId, ct);
        var open = await MediatorCaseload.OpenCasesAsync(db, ids, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(
            staff
                .Select(s =>
                    ToResponse(s, profiles.GetValueOrDefault(s.Id), open.GetValueOrDefault(s.Id), protector, now)
                )
                .ToList()
        );
    }

    public static async Task<Results<Ok<StaffResponse>, NotFound>> GetStaff(
        Guid id,
        AppDbContext db,
        PersonalDataProtector protector,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var staff = await db.StaffUsers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (staff is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(await ResponseAsync(db, staff, protector, clock, ct));
    }

    public static async Task<Results<Created<StaffResponse>, ProblemHttpResult>> CreateStaff(
        CreateStaffRequest request,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var username = request.Username!.Trim();
        var taken = Problems.Conflict("用户名已被使用", $"用户名 {username} 已存在，请换一个。");
        if (await db.StaffUsers.AnyAsync(s => s.Username == username, ct))
            return taken;

        var staff = new StaffUser
        {
            Username = username,
            PasswordHash = "",
            DisplayName = request.DisplayName!.Trim(),
            Roles = request.Roles!.Distinct().ToList(),
            BodyId = request.BodyId,
            Active = request.Active!.Value,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        staff.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(staff, request.Password!);
        SetPhone(staff, request.Phone, protector);
        db.StaffUsers.Add(staff);
        await ApplyProfileAsync(db, staff, request.Mediator, protector, audit, ct);
        audit.Record(
            "StaffCreated",
            "StaffUser",
            staff.Id,
            new
            {
                staff.Username,
                staff.Roles,
                staff.BodyId,
                staff.Active,
            }
        );
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return taken;
        }
        return TypedResults.Created(
            $"/api/admin/staff/{staff.Id}",
            await ResponseAsync(db, staff, protector, clock, ct)
        );
    }

    public static async Task<Results<Ok<StaffResponse>, NotFound>> UpdateStaff(
        Guid id,
        UpdateStaffRequest request,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        AccountStates accounts,
        CancellationToken ct
    )
    {
        var staff = await db.StaffUsers.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (staff is null)
            return TypedResults.NotFound();
        var before = new
        {
            staff.DisplayName,
            staff.Roles,
            staff.BodyId,
            staff.Active,
        };
        staff.DisplayName = request.DisplayName!.Trim();
        staff.Roles = request.Roles!.Distinct().ToList();
        staff.BodyId = request.BodyId;
        staff.Active = request.Active!.Value;
        SetPhone(staff, request.Phone, protector);
        await ApplyProfileAsync(db, staff, request.Mediator, protector, audit, ct);
        audit.Record(
            "StaffUpdated",
            "StaffUser",
            staff.Id,
            new
            {
                before,
                after = new
                {
                    staff.DisplayName,
                    staff.Roles,
                    staff.BodyId,
                    staff.Active,
                },
            }
        );
        await db.SaveChangesAsync(ct);
        // Deactivation, roles and body are in the security stamp: the staff member's earlier tokens stop working now.
        accounts.Invalidate(staff.Id);
        return TypedResults.Ok(await ResponseAsync(db, staff, protector, clock, ct));
    }

    public static async Task<Results<NoContent, NotFound>> ResetPassword(
        Guid id,
        ResetPasswordRequest request,
        AppDbContext db,
        AuditLog audit,
        AccountStates accounts,
        CancellationToken ct
    )
    {
        var staff = await db.StaffUsers.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (staff is null)
            return TypedResults.NotFound();
        staff.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(staff, request.Password!);
        staff.FailedLoginCount = 0;
        staff.LockedUntil = null;
        audit.Record("StaffPasswordReset", "StaffUser", staff.Id);
        await db.SaveChangesAsync(ct);
        // A new password hash is a new security stamp: whoever held the old password's tokens is logged out.
        accounts.Invalidate(staff.Id);
        return TypedResults.NoContent();
    }

    private static void SetPhone(StaffUser staff, string? phone, PersonalDataProtector protector)
    {
        var value = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        staff.PhoneCipher = protector.ProtectOrNull(value);
        staff.PhoneHash = protector.HashOrNull(value);
    }

    /// <summary>Only mediators have a profile; one is created with defaults when the role is given without
    /// details.</summary>
    private static async Task ApplyProfileAsync(
        AppDbContext db,
        StaffUser staff,
        MediatorProfileInput? input,
        PersonalDataProtector protector,
        AuditLog audit,
        CancellationToken ct
    )
    {
        var profile = await db.MediatorProfiles.FirstOrDefaultAsync(p => p.StaffUserId == staff.Id, ct);
        if (!staff.Roles.Contains(StaffRoles.Mediator) && input is null)
            return;
        if (profile is null)
        {
            profile = new MediatorProfile { StaffUserId = staff.Id };
            db.MediatorProfiles.Add(profile);
        }
        if (input is null)
            return;
        profile.TypeCodes = input.TypeCodes?.Distinct().ToList() ?? [];
        profile.MaxOpenCases = input.MaxOpenCases ?? MediatorProfile.DefaultMaxOpenCases;
        var idNumber = ChineseIdentifiers.NormalizeIdNumber(input.IdNumber);
        profile.IdNumberCipher = protector.ProtectOrNull(idNumber);
        profile.IdNumberHash = protector.HashOrNull(idNumber);
        if (input.Register is not { } register)
            return;
        var before = MediatorRegister.AuditView(profile);
        MediatorRegister.Apply(profile, register);
        audit.Record(
            "MediatorRegisterUpdated",
            "StaffUser",
            staff.Id,
            new { before, after = MediatorRegister.AuditView(profile) }
        );
    }

    private static async Task<StaffResponse> ResponseAsync(
        AppDbContext db,
        StaffUser staff,
        PersonalDataProtector protector,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var profile = await db.MediatorProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.StaffUserId == staff.Id, ct);
        var open = await MediatorCaseload.OpenCasesAsync(db, [staff.Id], ct);
        return ToResponse(staff, profile, open.GetValueOrDefault(staff.Id), protector, clock.GetUtcNow().UtcDateTime);
    }

    private static StaffResponse ToResponse(
        StaffUser s,
        MediatorProfile? p,
        int openCases,
        PersonalDataProtector protector,
        DateTime now
    ) =>
        new(
            s.Id,
            s.Username,
            s.DisplayName,
            Masking.Phone(protector.UnprotectOrNull(s.PhoneCipher)),
            s.Roles,
            s.BodyId,
            s.Active,
            s.CreatedAt,
            s.LockedUntil > now,
            p is null
                ? null
                : new MediatorProfileResponse(
                    p.TypeCodes,
                    p.MaxOpenCases,
                    Masking.IdNumber(protector.UnprotectOrNull(p.IdNumberCipher)),
                    openCases,
                    MediatorRegisterResponse.Of(p)
                )
        );
}

public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin")
            .WithTags("Admin")
            .RequireAuthorization(Infrastructure.Security.Policies.Admin)
            .WithValidation();
        admin.MapBodiesAdmin().MapStaffAdmin();
        return app;
    }
}
