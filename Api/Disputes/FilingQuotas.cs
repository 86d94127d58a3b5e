using Mediation.Api.Infrastructure.RateLimiting;

namespace Mediation.Api.Disputes;

/// <summary>
/// The limit on filing counts accepted applications, read from the citizen's own cases: a long form refused ten times
/// for a typo, or one application retried with its Idempotency-Key, must not lock the citizen out. The request limiter
/// (RateLimits:Filing) still stops floods. Two filings racing past the check can both land; the request limit bounds
/// that.
/// </summary>
public static class FilingQuotas
{
    /// <summary>A 429 problem with Retry-After when the user's accepted filings in the window have reached the
    /// quota.</summary>
    public static async Task<ProblemHttpResult?> CheckAsync(
        HttpContext http,
        AppDbContext db,
        Guid userId,
        FilingQuota quota,
        DateTime now,
        CancellationToken ct
    )
    {
        if (quota.PerUser <= 0)
            return null;
        var since = now - quota.Window;
        var recent = await db
            .Disputes.AsNoTracking()
            .Where(d => d.FiledByUserId == userId && d.Source == DisputeSource.MiniProgram && d.SubmittedAt > since)
            .OrderByDescending(d => d.SubmittedAt)
            .Select(d => d.SubmittedAt)
            .Take(quota.PerUser)
            .ToListAsync(ct);
        if (recent.Count < quota.PerUser)
            return null;

        // One place frees up when the oldest of the last PerUser filings leaves the window.
        var seconds = Math.Max(1, (int)Math.Ceiling((recent[^1] + quota.Window - now).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString();
        return Problems.TooManyRequests(
            title: null,
            $"提交的调解申请已达上限（{Describe(quota.Window)}内最多 {quota.PerUser} 件），请 {RateLimits.Wait(seconds)}后再试。"
        );
    }

    private static string Describe(TimeSpan window) =>
        window.TotalHours >= 1 && window.TotalHours % 1 == 0 ? $"{window.TotalHours:0} 小时"
        : window.TotalMinutes >= 1 && window.TotalMinutes % 1 == 0 ? $"{window.TotalMinutes:0} 分钟"
        : $"{window.TotalSeconds:0} 秒";
}
