using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;

namespace Mediation.Api.Auth;

/// <summary>
/// A token outlives nothing that matters: every request checks that the account behind it still exists (citizens) or
/// still has the state the token was issued for (staff). A staff token carries a security stamp derived from what it
/// grants — active, body, roles — and the password hash, so deactivation, a body or role change and a password reset
/// each end the tokens issued before, within <see cref="AuthOptions.AccountCheckCacheDuration"/> on other instances and
/// at once on this one.
/// </summary>
public static class SecurityStamps
{
    public static string For(StaffUser staff) => For(staff.Active, staff.BodyId, staff.Roles, staff.PasswordHash);

    public static string For(bool active, Guid? bodyId, IEnumerable<string> roles, string passwordHash)
    {
        var material = $"{active}|{bodyId}|{string.Join(',', roles.Order(StringComparer.Ordinal))}|{passwordHash}";
        return Convert
            .ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(material)), 0, 16)
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');
    }
}

/// <summary>What the database says about one account, read at <see cref="FetchedAt"/> (by the service's
/// clock).</summary>
public sealed record AccountState(bool Usable, string? Stamp, DateTime FetchedAt);

/// <summary>A few seconds' cache of <see cref="AccountState"/> per account, so that the check costs one indexed read
/// per account and interval rather than one per request. Changes made here drop the entry at once (<see
/// cref="Invalidate"/>).</summary>
public sealed class AccountStates(
    IMemoryCache cache,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<AuthOptions> options
)
{
    private static string Key(string kind, Guid id) => $"account-state:{kind}:{id}";

    public void Invalidate(Guid id)
    {
        cache.Remove(Key(Claims.StaffKind, id));
        cache.Remove(Key(Claims.CitizenKind, id));
    }

    /// <summary>The cached state while it is younger than the cache duration, unless <paramref name="fresh"/>.</summary>
    public async Task<AccountState> GetAsync(string kind, Guid id, bool fresh, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ttl = options.Value.AccountCheckCacheDuration;
        // Freshness is judged by TimeProvider; the cache's own (real-time) expiry only bounds its memory.
        if (
            !fresh
            && cache.TryGetValue(Key(kind, id), out AccountState? cached)
            && cached is not null
            && cached.FetchedAt + ttl > now
        )
            return cached;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        AccountState state;
        if (kind == Claims.StaffKind)
        {
            var staff = await db
                .StaffUsers.AsNoTracking()
                .Where(s => s.Id == id)
                .Select(s => new
                {
                    s.Active,
                    s.BodyId,
                    s.Roles,
                    s.PasswordHash,
                })
                .FirstOrDefaultAsync(ct);
            state = staff is null
                ? new AccountState(false, null, now)
                : new AccountState(
                    staff.Active,
                    SecurityStamps.For(staff.Active, staff.BodyId, staff.Roles, staff.PasswordHash),
                    now
                );
        }
        else
        {
            state = new AccountState(await db.CitizenUsers.AnyAsync(u => u.Id == id, ct), null, now);
        }
        if (ttl > TimeSpan.Zero)
            cache.Set(
                Key(kind, id),
                state,
                new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = 1 }
            );
        return state;
    }

    /// <summary>JwtBearer's OnTokenValidated: a signed, unexpired token is still refused (401) when its account no
    /// longer allows it.</summary>
    public static async Task ValidateAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var kind = principal.GetKind();
        if (
            !Guid.TryParse(principal.FindFirst(Claims.Subject)?.Value, out var id)
            || kind is not (Claims.StaffKind or Claims.CitizenKind)
        )
        {
            context.Fail("Unknown subject.");
            return;
        }
        var stamp = principal.FindFirst(Claims.Stamp)?.Value;
        if (kind == Claims.StaffKind && string.IsNullOrEmpty(stamp))
        {
            context.Fail("Staff token without a security stamp.");
            return;
        }
        var states = context.HttpContext.RequestServices.GetRequiredService<AccountStates>();
        var ct = context.HttpContext.RequestAborted;
        var state = await states.GetAsync(kind, id, fresh: false, ct);
        // A token issued after (or about when) the cached read was made — a login just now, perhaps after a change made
        // on another instance — is judged against a fresh read; older tokens are judged by the cache. iat has whole
        // seconds.
        if (!Allows(state, kind, stamp) && state.FetchedAt < context.SecurityToken.ValidFrom.AddSeconds(1))
            state = await states.GetAsync(kind, id, fresh: true, ct);
        if (!Allows(state, kind, stamp))
            context.Fail("The account was changed after the token was issued.");
    }

    private static bool Allows(AccountState state, string kind, string? stamp) =>
        state.Usable && (kind != Claims.StaffKind || state.Stamp == stamp);
}
