using System.ComponentModel.DataAnnotations;

namespace Mediation.Api.Risk;

public sealed class RiskOptions
{
    public const string Section = "Risk";

    /// <summary>How long the holders of a risk report have to acknowledge it before it goes to the next body
    /// up.</summary>
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the sweep escalates overdue reports and delivers alerts that missed their job (cron,
    /// UTC).</summary>
    [Required]
    public string SweepCron { get; set; } = "* * * * *";
}
