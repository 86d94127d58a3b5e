namespace Mediation.Api.Infrastructure.Security;

public sealed class AuthOptions
{
    public const string Section = "Auth";
    public string Issuer { get; set; } = "mediation-api";
    public TimeSpan CitizenTokenLifetime { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan StaffTokenLifetime { get; set; } = TimeSpan.FromHours(12);
    public int StaffMaxFailedLogins { get; set; } = 5;
    public TimeSpan StaffLockout { get; set; } = TimeSpan.FromMinutes(15);
    public int LoginPermitsPerMinute { get; set; } = 10;

    /// <summary>How long one instance believes what it read about an account (active, roles, body, password) before
    /// reading it again: a change made on another instance ends earlier tokens here within this time (on the same
    /// instance, at once).</summary>
    public TimeSpan AccountCheckCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}

public static class Policies
{
    public const string Citizen = "Citizen";
    public const string Staff = "Staff";
    public const string Admin = "Admin";
    public const string LoginRateLimit = "login";
}
