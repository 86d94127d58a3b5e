using System.Threading.RateLimiting;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Mediation.Api.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";
    public string Issuer { get; set; } = "mediation-api";
    public TimeSpan CitizenTokenLifetime { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan StaffTokenLifetime { get; set; } = TimeSpan.FromHours(12);
    public int StaffMaxFailedLogins { get; set; } = 5;
    public TimeSpan StaffLockout { get; set; } = TimeSpan.FromMinutes(15);
    public int LoginPermitsPerMinute { get; set; } = 10;
}

public static class Policies
{
    public const string Citizen = "Citizen";
    public const string Staff = "Staff";
    public const string Admin = "Admin";
    public const string LoginRateLimit = "login";
}

public static class AuthSetup
{
    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        var signingKey = new SymmetricSecurityKey(
            KeyMaterial.Resolve(builder.Configuration, builder.Environment, "Auth:SigningKey", "jwt-signing.key"));
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.StaffMaxFailedLogins > 0 && o.LoginPermitsPerMinute > 0, "Auth limits must be positive.")
            .ValidateOnStart();
        var issuer = builder.Configuration[$"{AuthOptions.Section}:Issuer"] ?? new AuthOptions().Issuer;
        builder.Services.AddSingleton(new TokenIssuer.SigningKey(signingKey));
        builder.Services.AddSingleton<TokenIssuer>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidAudience = issuer,
                IssuerSigningKey = signingKey,
                NameClaimType = Claims.Subject,
                RoleClaimType = Claims.Role,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Citizen, p => p.RequireClaim(Claims.Kind, Claims.CitizenKind))
            .AddPolicy(Policies.Staff, p => p.RequireClaim(Claims.Kind, Claims.StaffKind))
            .AddPolicy(Policies.Admin, p => p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(StaffRoles.Admin));

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                return ValueTask.CompletedTask; // the status-code page writes the problem+json body
            };
            var permits = builder.Configuration.GetValue<int?>($"{AuthOptions.Section}:LoginPermitsPerMinute") ?? new AuthOptions().LoginPermitsPerMinute;
            o.AddPolicy(Policies.LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }
}
