using FluentValidation;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.WeChat;

namespace Mediation.Api.Auth;

public sealed record BindPhoneRequest(string Code);

public sealed record MeResponse(Guid Id, string Kind, string? Phone, DateTime? PhoneVerifiedAt);

public sealed record BindPhoneResponse(string Phone, int ClaimedCases);

internal sealed class BindPhoneRequestValidator : AbstractValidator<BindPhoneRequest>
{
    public BindPhoneRequestValidator() =>
        RuleFor(x => x.Code)
            .NotEmpty()
            .WithMessage("缺少手机号授权凭证 code")
            .MaximumLength(128)
            .WithMessage("手机号授权凭证 code 过长");
}

public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me").WithTags("Me").RequireAuthorization(Policies.Citizen).WithValidation();
        group.MapGet("/", GetMe).Named(nameof(GetMe), "当前用户");
        group.MapPost("/phone", BindPhone).Named(nameof(BindPhone), "绑定微信验证的手机号");
        return app;
    }

    public static async Task<Results<Ok<MeResponse>, NotFound>> GetMe(
        ClaimsPrincipal principal,
        AppDbContext db,
        PersonalDataProtector protector,
        CancellationToken ct
    )
    {
        var user = await db.CitizenUsers.AsNoTracking().FirstOrDefaultAsync(u => u.Id == principal.GetUserId(), ct);
        if (user is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(
            new MeResponse(
                user.Id,
                Claims.CitizenKind,
                Masking.Phone(protector.UnprotectOrNull(user.PhoneCipher)),
                user.PhoneVerifiedAt
            )
        );
    }

    /// <summary>
    /// Binds the phone number WeChat verified. Respondents named in earlier applications with this number,
    /// not yet linked to an account, are claimed by the caller so that they can follow those cases.
    /// </summary>
    public static async Task<Results<Ok<BindPhoneResponse>, ProblemHttpResult, NotFound>> BindPhone(
        BindPhoneRequest request,
        ClaimsPrincipal principal,
        IWeChatService weChat,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        IPhoneClaims claims,
        CancellationToken ct
    )
    {
        var user = await db.CitizenUsers.FirstOrDefaultAsync(u => u.Id == principal.GetUserId(), ct);
        if (user is null)
            return TypedResults.NotFound();

        var phone = await weChat.GetPhoneNumberAsync(request.Code, ct);
        if (!phone.IsSuccess)
            return phone.Failure == WeChatFailure.InvalidCode
                ? Problems.BadRequest("手机号授权凭证无效或已使用", "请重新点击按钮授权手机号。")
                : WeChatProblems.For(phone.Failure!.Value, phone.ErrorCode);
        if (phone.Value!.CountryCode != "86" || !ChineseIdentifiers.IsValidMainlandMobile(phone.Value.PurePhoneNumber))
            return Problems.Unprocessable("暂不支持该手机号", "目前仅支持中国大陆手机号。");

        var number = phone.Value.PurePhoneNumber;
        user.PhoneCipher = protector.Protect(number);
        user.PhoneHash = protector.Hash(number);
        user.PhoneVerifiedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record("PhoneBound", "CitizenUser", user.Id);

        var cases = await claims.ClaimAsync(user.Id, user.PhoneHash!, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new BindPhoneResponse(Masking.Phone(number)!, cases));
    }
}
