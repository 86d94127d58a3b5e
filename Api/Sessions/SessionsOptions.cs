namespace Mediation.Api.Sessions;

/// <summary>Configuration section "Sessions".</summary>
public sealed class SessionsOptions
{
    public const string Section = "Sessions";
    /// <summary>Free time a mediator keeps between two sessions; sessions closer than this clash.</summary>
    public TimeSpan Buffer { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>How long before the start reminders go out. Null or empty: 1 day and 1 hour.</summary>
    public TimeSpan[]? ReminderOffsets { get; set; }
    /// <summary>The join link of an online session given none: {sessionId} and {caseNumber} are replaced.</summary>
    public string JoinUrlTemplate { get; set; } = "https://meeting.example.invalid/mediation/{sessionId}";
    public int MaxDurationMinutes { get; set; } = 480;
    /// <summary>How far ahead a session may be booked.</summary>
    public TimeSpan BookAhead { get; set; } = TimeSpan.FromDays(180);

    public TimeSpan[] EffectiveReminderOffsets =>
        ReminderOffsets is { Length: > 0 } offsets ? offsets : [TimeSpan.FromDays(1), TimeSpan.FromHours(1)];
}
