namespace Mediation.Api.Credit;

/// <summary>The four-step credit escalation and the credit-centre push. Due process (国办发〔2020〕49号) is not configurable:
/// every adverse step needs a supervisor's approval, a notice and an objection window.</summary>
public sealed class CreditOptions
{
    public const string Section = "Credit";

    /// <summary>How long an instalment may be late before a warning (警示) is proposed.</summary>
    public TimeSpan WarningGrace { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long the party may object after being notified of an approved step.</summary>
    public TimeSpan ObjectionWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long after a warning took effect an obligation may stay unperformed before publication (公示) is
    /// proposed.</summary>
    public TimeSpan PublicationGrace { get; set; } = TimeSpan.FromDays(15);

    /// <summary>Push the commitments signed at filing (信用提示) to the credit centre as commitment records.</summary>
    public bool PushCommitments { get; set; }

    /// <summary>Cron (UTC) of the escalation job: commitment records, overdue warnings, ended objection windows,
    /// publications.</summary>
    public string EscalationCron { get; set; } = "*/10 * * * *";
}

/// <summary>The credit centre's record endpoint and its retries (<see cref="PushRetryOptions"/>).</summary>
public sealed class CreditCentreOptions : PushRetryOptions
{
    public const string Section = "CreditCentre";

    /// <summary>The credit centre's record endpoint (POST, JSON). Empty: records wait in the outbox until one is
    /// configured.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Shared secret for the HMAC-SHA256 signature header.</summary>
    public string? Secret { get; set; }

    /// <summary>Our issuer code at the credit centre (认定单位).</summary>
    public string Issuer { get; set; } = "mediation";

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Secret);
}
