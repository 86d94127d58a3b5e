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

    /// <summary>A mediator's hours until they set their own (Asia/Shanghai).</summary>
    public WorkingHoursOptions WorkingHours { get; set; } = new();

    /// <summary>Propose a first session automatically when a case gets its mediator.</summary>
    public bool ProposeFirstSession { get; set; } = true;

    /// <summary>The automatic first-session proposal looks this many working days ahead (after today).</summary>
    public int FirstSessionWithin { get; set; } = 3;
    public int ProposalDurationMinutes { get; set; } = 60;

    /// <summary>A proposal starts no sooner than this after it is made, so people can see it first.</summary>
    public TimeSpan ProposalLeadTime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A proposal nobody confirmed by then is withdrawn and the mediator schedules by hand.</summary>
    public TimeSpan ProposalTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Reminders one dispatcher transaction takes at a time (each session's mediators and parties are staged
    /// together).</summary>
    public int ReminderBatchSize { get; set; } = 200;

    /// <summary>Batches one dispatcher run works on at the same time.</summary>
    public int ReminderWorkers { get; set; } = 4;

    public TimeSpan[] EffectiveReminderOffsets =>
        ReminderOffsets is { Length: > 0 } offsets
            ? [.. offsets.Distinct()]
            : [TimeSpan.FromDays(1), TimeSpan.FromHours(1)];
}

public sealed class WorkingHoursOptions
{
    /// <summary>Null or empty: Monday to Friday.</summary>
    public DayOfWeek[]? Days { get; set; }

    /// <summary>"HH:mm-HH:mm" periods of each working day. Null or empty: 08:30-12:00 and 13:30-17:30.</summary>
    public string[]? Periods { get; set; }

    public DayOfWeek[] EffectiveDays =>
        Days is { Length: > 0 } d
            ? d
            : [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    public string[] EffectivePeriods => Periods is { Length: > 0 } p ? p : ["08:30-12:00", "13:30-17:30"];
}
