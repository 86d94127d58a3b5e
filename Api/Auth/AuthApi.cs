using FluentValidation;
using Mediation.Api.WeChat;
using Microsoft.AspNetCore.Identity;

namespace Mediation.Api.Auth;

public sealed record WeChatLoginRequest(string Code);

public sealed record StaffLoginRequest(string Username, string Password);

public sealed record LoginUser(
    Guid Id,
    string Kind,
    string? DisplayName = null,
    IReadOnlyList<string>? Roles = null,
    Guid? BodyId = null
);

public sealed record LoginResponse(string Token, DateTime ExpiresAt, LoginUser User);

internal sealed class WeChatLoginRequestValidator : AbstractValidator<WeChatLoginRequest>
{
    public WeChatLoginRequestValidator() =>
        RuleFor(x => x.Code)
            .NotEmpty()
            .WithMessage("缺少登录凭证 code")
            .MaximumLength(128)
            .WithMessage("登录凭证 code 过长");
}

internal sealed class StaffLoginRequestValidator : AbstractValidator<StaffLoginRequest>
{
    public StaffLoginRequestValidator()
    {
        RuleFor(x => x.Username).NotEmpty().WithMessage("请输入用户名").MaximumLength(64).WithMessage("用户名过长");
        RuleFor(x => x.Password).NotEmpty().WithMessage("请输入密码").MaximumLength(128).WithMessage("密码过长");
    }
}

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth")
            .WithTags("Auth")
            .WithValidation()
            .RequireRateLimiting(Policies.LoginRateLimit);
        group.MapPost("/wechat", LoginWithWeChat).Named(nameof(LoginWithWeChat), "小程序登录（wx.login 的 code）");
        group.MapPost("/staff", LoginStaff).Named(nameof(LoginStaff), "工作人员登录");
        return app;
    }

    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginWithWeChat(
        WeChatLoginRequest request,
        IWeChatService weChat,
        AppDbContext db,
        TokenIssuer tokens,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var session = await weChat.CodeToSessionAsync(request.Code, ct);
        if (!session.IsSuccess)
            return WeChatProblems.For(session.Failure!.Value, session.ErrorCode);

        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.CitizenUsers.FirstOrDefaultAsync(u => u.OpenId == session.Value!.OpenId, ct);
        if (user is null)
        {
            user = new CitizenUser
            {
                OpenId = session.Value!.OpenId,
                UnionId = session.Value.UnionId,
                CreatedAt = now,
            };
            db.CitizenUsers.Add(user);
        }
        user.LastLoginAt = now;
        user.UnionId ??= session.Value!.UnionId;
        audit.Record("CitizenLoggedIn", "CitizenUser", user.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<CitizenUser>().Any(e => e.State == EntityState.Added))
        {
            // The same person's first two logins raced; the other request created the account.
            db.ChangeTracker.Clear();
            user = await db.CitizenUsers.SingleAsync(u => u.OpenId == session.Value!.OpenId, ct);
        }

        var (token, expiresAt) = tokens.IssueCitizen(user.Id);
        return TypedResults.Ok(new LoginResponse(token, expiresAt, new LoginUser(user.Id, Claims.CitizenKind)));
    }

    /// <summary>
    /// A wrong password, an unknown username, a deactivated account and a locked one all get the same 401, so that the
    /// answer never tells which usernames exist; only the right password on a locked account learns of the lock (429).
    /// </summary>
    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginStaff(
        StaffLoginRequest request,
        AppDbContext db,
        TokenIssuer tokens,
        AccountStates accounts,
        AuditLog audit,
        TimeProvider clock,
        IOptions<AuthOptions> options,
        CancellationToken ct
    )
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var staff = await db.StaffUsers.FirstOrDefaultAsync(s => s.Username == request.Username.Trim(), ct);
        var refused = Problems.Unauthorized("用户名或密码错误", "用户名或密码错误，请重新输入。");

        if (staff is null)
        {
            // Spend the same effort as a real check so response times don't reveal which usernames exist.
            new PasswordHasher<StaffUser>().VerifyHashedPassword(null!, DummyHash, request.Password);
            await audit.WriteNowAsync(
                "StaffLoginFailed",
                "StaffUser",
                null,
                new { username = request.Username },
                "Refused",
                ct
            );
            return refused;
        }

        var verdict = new PasswordHasher<StaffUser>().VerifyHashedPassword(staff, staff.PasswordHash, request.Password);
        if (staff.LockedUntil is { } until && until > now)
        {
            // Attempts during the lock are not counted: they neither lengthen it nor start the next one.
            await audit.WriteNowAsync(
                "StaffLoginFailed",
                "StaffUser",
                staff.Id,
                new { reason = "locked" },
                "Refused",
                ct
            );
            if (verdict == PasswordVerificationResult.Failed || !staff.Active)
                return refused;
            var minutes = (int)Math.Ceiling((until - now).TotalMinutes);
            return Problems.TooManyRequests(
                "账号已被临时锁定",
                $"密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试。"
            );
        }

        if (verdict == PasswordVerificationResult.Failed)
        {
            var locked = await CountFailureAsync(db, staff.Id, now, options.Value, ct);
            await audit.WriteNowAsync(
                "StaffLoginFailed",
                "StaffUser",
                staff.Id,
                new { reason = staff.Active ? "password" : "inactive", locked },
                "Refused",
                ct
            );
            return refused;
        }
        if (!staff.Active)
        {
            await audit.WriteNowAsync(
                "StaffLoginFailed",
                "StaffUser",
                staff.Id,
                new { reason = "inactive", locked = false },
                "Refused",
                ct
            );
            return refused;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            staff.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(staff, request.Password);
        staff.FailedLoginCount = 0;
        staff.LockedUntil = null;
        audit.Record("StaffLoggedIn", "StaffUser", staff.Id);
        await db.SaveChangesAsync(ct);
        accounts.Invalidate(staff.Id);

        var (token, expiresAt) = tokens.IssueStaff(staff.Id, staff.Roles, staff.BodyId, SecurityStamps.For(staff));
        return TypedResults.Ok(
            new LoginResponse(
                token,
                expiresAt,
                new LoginUser(staff.Id, Claims.StaffKind, staff.DisplayName, staff.Roles, staff.BodyId)
            )
        );
    }

    /// <summary>
    /// One wrong password, counted in a single UPDATE so that concurrent attempts cannot overwrite each other's count.
    /// The count restarts after a lock has run out; the attempt that reaches the limit locks the account. Not counted
    /// while locked. True when the account is locked after this attempt.
    /// </summary>
    private static async Task<bool> CountFailureAsync(
        AppDbContext db,
        Guid staffId,
        DateTime now,
        AuthOptions options,
        CancellationToken ct
    )
    {
        var max = options.StaffMaxFailedLogins;
        var until = now + options.StaffLockout;
        // Both right-hand sides read the row as it was before this UPDATE (SQL semantics, SQLite and PostgreSQL alike).
        await db
            .StaffUsers.Where(s => s.Id == staffId && (s.LockedUntil == null || s.LockedUntil <= now))
            .ExecuteUpdateAsync(
                u =>
                    u.SetProperty(s => s.FailedLoginCount, s => (s.LockedUntil != null ? 0 : s.FailedLoginCount) + 1)
                        .SetProperty(
                            s => s.LockedUntil,
                            s => (s.LockedUntil != null ? 0 : s.FailedLoginCount) + 1 >= max ? until : (DateTime?)null
                        ),
                ct
            );
        return await db.StaffUsers.AsNoTracking().AnyAsync(s => s.Id == staffId && s.LockedUntil > now, ct);
    }

    private static readonly string DummyHash = new PasswordHasher<StaffUser>().HashPassword(
        null!,
        Guid.NewGuid().ToString()
    );
}
