namespace Mediation.Api.Infrastructure.Outbox;

/// <summary>How long a push outbox keeps trying: exponential backoff from <see cref="FirstRetryDelay"/> up to <see
/// cref="MaxRetryDelay"/>, <see cref="MaxAttempts"/> attempts in all (30 cover ~5 days), each under a lease so two
/// job servers never send the same row at once.</summary>
public class PushRetryOptions
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts before a record is Failed (visible to admins with a retry).</summary>
    public int MaxAttempts { get; set; } = 30;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(4);
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(2);

    public bool IsValid => MaxAttempts >= 1 && FirstRetryDelay > TimeSpan.Zero;

    public TimeSpan RetryDelay(int attempts)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}

public enum PushStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>The delivery state every push outbox row carries.</summary>
public interface IPushRow
{
    PushStatus Status { get; set; }
    int Attempts { get; set; }
    DateTime NextAttemptAt { get; set; }
    DateTime? LockedUntil { get; set; }
    string? LastError { get; set; }
    DateTime? SentAt { get; set; }
}

public static class PushRows
{
    /// <summary>Records one attempt's result on the row: sent, retried later, or failed for good.</summary>
    public static void Record(IPushRow row, PushResult result, PushRetryOptions o, DateTime now)
    {
        row.Attempts++;
        row.LockedUntil = null;
        row.LastError = Truncate(result.Detail);
        if (result.Outcome == PushOutcome.Delivered)
            (row.Status, row.SentAt) = (PushStatus.Sent, now);
        else if (result.Outcome == PushOutcome.Transient && row.Attempts < o.MaxAttempts)
            row.NextAttemptAt = now + o.RetryDelay(row.Attempts);
        else
            row.Status = PushStatus.Failed;
    }

    /// <summary>The row cannot be built (its data is gone or no longer decrypts): no retry fixes that.</summary>
    public static void Fail(IPushRow row, string error)
    {
        row.Attempts++;
        (row.Status, row.LockedUntil, row.LastError) = (PushStatus.Failed, null, Truncate(error));
    }

    /// <summary>An admin's retry of a failed row: a fresh series of attempts, now.</summary>
    public static void Reset(IPushRow row, DateTime now) =>
        (row.Status, row.Attempts, row.NextAttemptAt, row.LockedUntil) = (PushStatus.Pending, 0, now, null);

    private static string? Truncate(string? text) => text is { } t ? t[..Math.Min(t.Length, 500)] : null;
}
