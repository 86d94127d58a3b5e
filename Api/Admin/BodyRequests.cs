using FluentValidation;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Admin;

public sealed record CreateBodyRequest(
    string? Code,
    string? Name,
    BodyLevel? Level,
    BodyKind? Kind,
    Guid? ParentId,
    string? Region
);

/// <summary>The code is not changeable: it is part of every case number the body has issued.</summary>
public sealed record UpdateBodyRequest(
    string? Name,
    BodyLevel? Level,
    BodyKind? Kind,
    Guid? ParentId,
    string? Region,
    bool? Active
);

public sealed record AdminBodyResponse(
    Guid Id,
    string Code,
    string Name,
    BodyLevel Level,
    BodyKind Kind,
    Guid? ParentId,
    string Region,
    bool Active
);

internal sealed class CreateBodyRequestValidator : AbstractValidator<CreateBodyRequest>
{
    public CreateBodyRequestValidator()
    {
        RuleFor(x => x.Code)
            .NotEmpty()
            .WithMessage("请填写组织代码")
            .Matches("^[A-Z0-9]+(-[A-Z0-9]+)*$")
            .WithMessage("组织代码只能包含大写字母、数字和连字符，如 WD-ZJC")
            .MaximumLength(24)
            .WithMessage("组织代码不能超过24个字符");
        RuleFor(x => x.Name)
            .NotEmpty()
            .WithMessage("请填写组织名称")
            .MaximumLength(100)
            .WithMessage("组织名称不能超过100个字");
        RuleFor(x => x.Level).NotNull().WithMessage("请选择组织层级（村、镇、县、市）");
        RuleFor(x => x.Kind).NotNull().WithMessage("请选择组织类型");
        RuleFor(x => x.Region).MaximumLength(200).WithMessage("服务区域不能超过200个字");
        RuleFor(x => x.ParentId)
            .MustAsync((_, id, context, ct) => context.Get<AppDbContext>().Bodies.AnyAsync(b => b.Id == id, ct))
            .When(x => x.ParentId is not null)
            .WithMessage("上级组织不存在");
        RuleFor(x => x.ParentId)
            .NotNull()
            .When(x => x.Level is not null and not BodyLevel.City)
            .WithMessage("除市级组织外，请选择上级组织");
    }
}

internal sealed class UpdateBodyRequestValidator : AbstractValidator<UpdateBodyRequest>
{
    public UpdateBodyRequestValidator()
    {
        RuleFor(x => x.Name)
            .NotEmpty()
            .WithMessage("请填写组织名称")
            .MaximumLength(100)
            .WithMessage("组织名称不能超过100个字");
        RuleFor(x => x.Level).NotNull().WithMessage("请选择组织层级（村、镇、县、市）");
        RuleFor(x => x.Kind).NotNull().WithMessage("请选择组织类型");
        RuleFor(x => x.Region).MaximumLength(200).WithMessage("服务区域不能超过200个字");
        RuleFor(x => x.Active).NotNull().WithMessage("请指明组织是否启用");
        RuleFor(x => x.ParentId)
            .MustAsync((_, id, context, ct) => context.Get<AppDbContext>().Bodies.AnyAsync(b => b.Id == id, ct))
            .When(x => x.ParentId is not null)
            .WithMessage("上级组织不存在");
        RuleFor(x => x.ParentId)
            .NotNull()
            .When(x => x.Level is not null and not BodyLevel.City)
            .WithMessage("除市级组织外，请选择上级组织");
    }
}
