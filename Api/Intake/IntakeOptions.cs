using System.ComponentModel.DataAnnotations;

namespace Mediation.Api.Intake;

public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>How long a body has to decide an application once it reaches its queue (受理期限).</summary>
    public TimeSpan AcceptWithin { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A claim lapses after this long without activity by its holder.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Default time the applicant has to make corrections (补正期限).</summary>
    public TimeSpan CorrectionPeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest correction period staff may give.</summary>
    public TimeSpan MaxCorrectionPeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How far back related cases (same ID number, credit code or phone) are looked for.</summary>
    public TimeSpan RelatedCasesWithin { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Per-status counts stop at this number (shown as "at least"), so the queue costs the same at any
    /// size.</summary>
    [Range(100, 1_000_000)]
    public int CountLimit { get; set; } = 10_000;
}
