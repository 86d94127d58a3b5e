using Hangfire;
using Mediation.Api.Infrastructure.Jobs;

namespace Mediation.Api.Infrastructure.Idempotency;

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key's first response is kept for replay; at least a day, so a phone retrying the next
    /// morning still replays.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>Removes idempotency records past their retention. Idempotent: deleting what is already gone does
/// nothing.</summary>
public sealed class IdempotencyCleanupJob(
    AppDbContext db,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<IdempotencyOptions> options
)
{
    public const string RecurringId = "idempotency-cleanup";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.Retention;
        return await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}

public static class IdempotencySetup
{
    public static WebApplicationBuilder AddIdempotency(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.Section)
            .Validate(o => o.Retention >= TimeSpan.FromDays(1), "Idempotency:Retention must be at least one day.")
            .ValidateOnStart();
        builder.Services.AddScoped<IdempotencyCleanupJob>();
        builder.Services.AddScoped<IdempotentRequest>();
        builder.Services.AddRecurringJob<IdempotencyCleanupJob>(
            IdempotencyCleanupJob.RecurringId,
            job => job.RunAsync(CancellationToken.None),
            Cron.Hourly()
        );
        return builder;
    }
}
