using Hangfire;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Sessions;

public enum ReminderStatus
{
    Pending,
    Sent,
    Cancelled,
    Skipped,
}

/// <summary>
/// One reminder of one session (one offset before one start time), written with the session. Reminders are rows rather
/// than a Hangfire job each so that thousands falling due together go out in batches: <see
/// cref="SessionReminderJob.RunDueAsync"/> claims due rows, stages the notices in one transaction per batch and
/// delivers them in parallel.
/// </summary>
public sealed class SessionReminder
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public TimeSpan Offset { get; set; }

    /// <summary>The start it was made for: a reminder of a session that moved since is skipped.</summary>
    public DateTime StartsAt { get; set; }
    public DateTime DueAt { get; set; }
    public ReminderStatus Status { get; set; }

    /// <summary>A run working on the row holds it until then (and marks it with its claim), so two runs cannot both
    /// send it.</summary>
    public DateTime? LockedUntil { get; set; }
    public Guid? ClaimId { get; set; }
    public DateTime? ProcessedAt { get; set; }
}

/// <summary>The one row saying when the reminder dispatcher is next due to run, so that a Hangfire job is scheduled per
/// wake-up time rather than per reminder.</summary>
public sealed class ReminderWakeup
{
    public int Id { get; set; }
    public DateTime? NextAt { get; set; }

    /// <summary>Schedules the dispatcher at <paramref name="due"/> unless a wake-up at or before it is already pending.</summary>
    public static async Task ArmAsync(
        AppDbContext db,
        IBackgroundJobClient jobs,
        DateTime? due,
        DateTime now,
        CancellationToken ct
    )
    {
        if (due is not { } at)
            return;
        var consumed = now + SessionReminderJob.Early; // a wake-up this close has fired (or is firing) already
        var armed = await db
            .ReminderWakeups.Where(w => w.Id == 1 && (w.NextAt == null || w.NextAt > at || w.NextAt <= consumed))
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.NextAt, at), ct);
        if (armed > 0)
            jobs.Schedule<SessionReminderJob>(
                job => job.RunDueAsync(CancellationToken.None),
                new DateTimeOffset(at, TimeSpan.Zero)
            );
    }
}

internal sealed class SessionReminderConfiguration : IEntityTypeConfiguration<SessionReminder>
{
    public void Configure(EntityTypeBuilder<SessionReminder> e)
    {
        e.ToTable("SessionReminders");
        e.HasIndex(x => new { x.Status, x.DueAt });
        e.HasIndex(x => x.SessionId);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.HasOne<MediationSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReminderWakeupConfiguration : IEntityTypeConfiguration<ReminderWakeup>
{
    public void Configure(EntityTypeBuilder<ReminderWakeup> e)
    {
        e.ToTable("ReminderWakeups");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasData(new ReminderWakeup { Id = 1 });
    }
}
