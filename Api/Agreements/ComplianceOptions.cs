namespace Mediation.Api.Agreements;

/// <summary>Performance supervision (人民调解法 art. 31) and judicial confirmation (art. 33), times in
/// Asia/Shanghai.</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    /// <summary>Reminders before an instalment falls due, counted back from its due date at <see
    /// cref="ReminderTimeOfDay"/>. Default 3 days, 1 day and on the day.</summary>
    public TimeSpan[]? ReminderOffsets { get; set; }
    public TimeSpan[] EffectiveReminderOffsets =>
        ReminderOffsets is { Length: > 0 } o ? o : [TimeSpan.FromDays(3), TimeSpan.FromDays(1), TimeSpan.Zero];

    /// <summary>Local time of day reminders go out (not at night).</summary>
    public TimeSpan ReminderTimeOfDay { get; set; } = TimeSpan.FromHours(9);

    /// <summary>Local time on its due date from which an unpaid instalment counts as late. Default the end of the
    /// day.</summary>
    public TimeSpan DueAtTimeOfDay { get; set; } = new(23, 59, 59);

    /// <summary>Parties apply for judicial confirmation jointly within this many days of the agreement taking effect
    /// (art. 33).</summary>
    public int JudicialConfirmationDays { get; set; } = 30;

    /// <summary>Days after the effective date on which parties are reminded of the judicial-confirmation
    /// deadline.</summary>
    public int[]? JudicialReminderDays { get; set; }
    public int[] EffectiveJudicialReminderDays => JudicialReminderDays is { Length: > 0 } d ? d : [20, 27];

    /// <summary>The follow-up visit is due this long after the case is fulfilled or fails.</summary>
    public TimeSpan FollowUpWithin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Cron (UTC) of the sweep that sends performance and judicial-confirmation reminders and marks
    /// defaults.</summary>
    public string SweepCron { get; set; } = "*/10 * * * *";
}
