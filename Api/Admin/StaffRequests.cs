using FluentValidation;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Mediators;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Admin;

/// <summary>Register null leaves the register fields as they are (clients written before the register).</summary>
public sealed record MediatorProfileInput(
    List<string>? TypeCodes,
    int? MaxOpenCases,
    string? IdNumber,
    MediatorRegisterInput? Register = null
);

public sealed record CreateStaffRequest(
    string? Username,
    string? Password,
    string? DisplayName,
    string? Phone,
    List<string>? Roles,
    Guid? BodyId,
    bool? Active,
    MediatorProfileInput? Mediator
);

public sealed record UpdateStaffRequest(
    string? DisplayName,
    string? Phone,
    List<string>? Roles,
    Guid? BodyId,
    bool? Active,
    MediatorProfileInput? Mediator
);

public sealed record ResetPasswordRequest(string? Password);

public sealed record MediatorProfileResponse(
    IReadOnlyList<string> TypeCodes,
    int MaxOpenCases,
    string? IdNumber,
    int OpenCases,
    MediatorRegisterResponse Register
);

/// <summary>A staff account as administrators see it: phone and ID number masked, never the password hash.</summary>
public sealed record StaffResponse(
    Guid Id,
    string Username,
    string DisplayName,
    string? Phone,
    IReadOnlyList<string> Roles,
    Guid? BodyId,
    bool Active,
    DateTime CreatedAt,
    bool Locked,
    MediatorProfileResponse? Mediator
);

internal static class StaffRules
{
    public const int MinPasswordLength = 12;

    public static IRuleBuilderOptions<T, string?> StaffPassword<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty()
            .WithMessage("请设置密码")
            .MinimumLength(MinPasswordLength)
            .WithMessage($"密码至少{MinPasswordLength}个字符")
            .MaximumLength(128)
            .WithMessage("密码不能超过128个字符");
}

internal sealed class MediatorProfileInputValidator
    : AbstractValidator<MediatorProfileInput>,
        Infrastructure.Validation.INestedValidator
{
    public MediatorProfileInputValidator(TimeProvider clock)
    {
        RuleFor(x => x.MaxOpenCases).InclusiveBetween(1, 500).WithMessage("最多同时承办案件数应在1至500之间");
        RuleFor(x => x.TypeCodes).Must(t => t is null || t.Count <= 30).WithMessage("纠纷类型不能超过30个");
        RuleForEach(x => x.TypeCodes)
            .MustAsync(
                (_, code, context, ct) => context.Get<AppDbContext>().DisputeTypes.AnyAsync(t => t.Code == code, ct)
            )
            .WithMessage("纠纷类型不存在：{PropertyValue}");
        RuleFor(x => x.IdNumber).ChineseIdNumber(clock);
        RuleFor(x => x.Register).SetValidator(new MediatorRegisterInputValidator(clock)!);
    }
}

internal abstract class StaffFieldsValidator<T> : AbstractValidator<T>
{
    protected void StaffRules(
        TimeProvider clock,
        System.Linq.Expressions.Expression<Func<T, string?>> displayName,
        System.Linq.Expressions.Expression<Func<T, string?>> phone,
        System.Linq.Expressions.Expression<Func<T, List<string>?>> roles,
        System.Linq.Expressions.Expression<Func<T, Guid?>> bodyId,
        System.Linq.Expressions.Expression<Func<T, bool?>> active,
        System.Linq.Expressions.Expression<Func<T, MediatorProfileInput?>> mediator
    )
    {
        var rolesOf = roles.Compile();
        RuleFor(displayName).NotEmpty().WithMessage("请填写姓名").MaximumLength(50).WithMessage("姓名不能超过50个字");
        RuleFor(phone).MainlandMobile();
        RuleFor(roles)
            .NotEmpty()
            .WithMessage("请至少选择一个角色")
            .Must(r => r is null || r.All(StaffRoles.All.Contains))
            .WithMessage("角色只能是 Intake、Mediator、Supervisor、Admin、GridWorker 或 Expert")
            .Must(r => r is null || !r.Contains(StaffRoles.GridWorker) || r.Count == 1)
            .WithMessage("网格员账号只用于排查上报，不能兼任其他角色")
            .Must(r => r is null || !r.Contains(StaffRoles.Expert) || r.Count == 1)
            .WithMessage("专家账号只用于案件咨询，不能兼任其他角色");
        RuleFor(bodyId)
            .NotNull()
            .When(x => rolesOf(x) is { } r && r.Any(role => role != StaffRoles.Admin))
            .WithMessage("受理员、调解员和站长须归属一个调解组织");
        RuleFor(bodyId)
            .MustAsync(
                (_, id, context, ct) => context.Get<AppDbContext>().Bodies.AnyAsync(b => b.Id == id && b.Active, ct)
            )
            .When(x => bodyId.Compile()(x) is not null)
            .WithMessage("调解组织不存在或已停用");
        RuleFor(bodyId)
            .MustAsync(
                (_, id, context, ct) =>
                    context
                        .Get<AppDbContext>()
                        .Bodies.AnyAsync(b => b.Id == id && b.Level == ReferenceData.BodyLevel.Village, ct)
            )
            .When(x => bodyId.Compile()(x) is not null && rolesOf(x) is { } r && r.Contains(StaffRoles.GridWorker))
            .WithMessage("网格员须归属村（社区）人民调解委员会");
        RuleFor(active).NotNull().WithMessage("请指明账号是否启用");
        RuleFor(mediator).SetValidator(new MediatorProfileInputValidator(clock)!);
    }
}

internal sealed class CreateStaffRequestValidator : StaffFieldsValidator<CreateStaffRequest>
{
    public CreateStaffRequestValidator(TimeProvider clock)
    {
        RuleFor(x => x.Username)
            .NotEmpty()
            .WithMessage("请填写用户名")
            .Matches("^[A-Za-z0-9_.-]{3,64}$")
            .WithMessage("用户名为3至64位字母、数字、下划线、点或连字符");
        RuleFor(x => x.Password).StaffPassword();
        StaffRules(
            clock,
            x => x.DisplayName,
            x => x.Phone,
            x => x.Roles,
            x => x.BodyId,
            x => x.Active,
            x => x.Mediator
        );
    }
}

internal sealed class UpdateStaffRequestValidator : StaffFieldsValidator<UpdateStaffRequest>
{
    public UpdateStaffRequestValidator(TimeProvider clock) =>
        StaffRules(
            clock,
            x => x.DisplayName,
            x => x.Phone,
            x => x.Roles,
            x => x.BodyId,
            x => x.Active,
            x => x.Mediator
        );
}

internal sealed class ResetPasswordRequestValidator : AbstractValidator<ResetPasswordRequest>
{
    public ResetPasswordRequestValidator() => RuleFor(x => x.Password).StaffPassword();
}
