using Mediation.Api.Disputes;

namespace Mediation.Api.Referrals;

/// <summary>One referrer's result endpoint: for every unit of a kind (<see cref="Unit"/> empty) or for one unit by
/// its exact name, which wins over the kind's.</summary>
public sealed class ReferrerEndpoint
{
    public DisputeSource? Source { get; set; }

    /// <summary>The referring unit's name exactly as registered (e.g. 威海市文登区人民法院); empty for every unit of the
    /// kind.</summary>
    public string? Unit { get; set; }
    public string? Url { get; set; }

    /// <summary>Shared secret for the HMAC-SHA256 signature header.</summary>
    public string? Secret { get; set; }
}

/// <summary>Where the results of referred cases are pushed (信息反馈), and how long the push keeps trying. A referrer
/// without an endpoint gets the printed 调解结果告知函 only.</summary>
public sealed class ReferralFeedbackOptions : PushRetryOptions
{
    public const string Section = "ReferralFeedback";

    public List<ReferrerEndpoint> Endpoints { get; set; } = [];

    /// <summary>Our issuer code at the referrers.</summary>
    public string Issuer { get; set; } = "mediation";

    public ReferrerEndpoint? For(DisputeSource source, string unitName) =>
        Endpoints.FirstOrDefault(e => e.Source == source && e.Unit?.Trim() == unitName.Trim())
        ?? Endpoints.FirstOrDefault(e => e.Source == source && string.IsNullOrWhiteSpace(e.Unit));

    /// <summary>Every endpoint names a referral kind, an absolute http(s) URL and a secret.</summary>
    public bool EndpointsValid =>
        Endpoints.All(e =>
            e.Source is { } s
            && DisputeSources.IsReferral(s)
            && Uri.TryCreate(e.Url, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && !string.IsNullOrWhiteSpace(e.Secret)
        );
}
