using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Mediation.Api.Auth;

/// <summary>
/// A browser cannot put a bearer header on the Hangfire dashboard's page loads: an administrator opens
/// /hangfire?access_token=..., and the token is kept in an HttpOnly cookie limited to /hangfire.
/// </summary>
internal static class DashboardToken
{
    private const string Cookie = "hangfire_token";

    public static Task Read(MessageReceivedContext context)
    {
        var http = context.HttpContext;
        // SignalR clients cannot set headers on a WebSocket (browsers, wx.connectSocket): hubs take the token from the
        // query string, and only hubs do.
        if (http.Request.Path.StartsWithSegments("/hubs"))
        {
            if (http.Request.Query["access_token"].FirstOrDefault() is { Length: > 0 } hubToken)
                context.Token = hubToken;
            return Task.CompletedTask;
        }
        if (!http.Request.Path.StartsWithSegments("/hangfire"))
            return Task.CompletedTask;
        if (http.Request.Query["access_token"].FirstOrDefault() is { Length: > 0 } fromQuery)
        {
            context.Token = fromQuery;
            http.Response.Cookies.Append(
                Cookie,
                fromQuery,
                new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Path = "/hangfire",
                    Secure = http.Request.IsHttps,
                }
            );
        }
        else if (http.Request.Cookies[Cookie] is { Length: > 0 } fromCookie)
        {
            context.Token = fromCookie;
        }
        return Task.CompletedTask;
    }
}

/// <summary>Accounts (citizens through WeChat, staff with a password), tokens checked against the account's current
/// state.</summary>
public static class AuthModule
{
    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        var signingKey = new SymmetricSecurityKey(KeyMaterial.Resolve(builder, "Auth:SigningKey", "jwt-signing.key"));
        if (StaffBootstrap.PasswordProblem(builder.Configuration) is { } weak)
            StartupProblems.Of(builder).Add(weak);
        builder
            .Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(o => o.StaffMaxFailedLogins > 0 && o.LoginPermitsPerMinute > 0, "Auth limits must be positive.")
            .Validate(
                o =>
                    o.AccountCheckCacheDuration >= TimeSpan.Zero
                    && o.AccountCheckCacheDuration <= TimeSpan.FromMinutes(1),
                "Auth:AccountCheckCacheDuration must be between 0 and 1 minute."
            )
            .ValidateOnStart();
        var issuer = builder.Configuration[$"{AuthOptions.Section}:Issuer"] ?? new AuthOptions().Issuer;
        builder.Services.AddSingleton(new TokenIssuer.SigningKey(signingKey));
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<AccountStates>();

        builder
            .Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = DashboardToken.Read,
                    OnTokenValidated = AccountStates.ValidateAsync,
                };
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = issuer,
                    ValidAudience = issuer,
                    IssuerSigningKey = signingKey,
                    NameClaimType = Claims.Subject,
                    RoleClaimType = Claims.Role,
                    ClockSkew = TimeSpan.FromMinutes(1),
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                };
            });
        // Token lifetimes are judged by the same clock that issued them (TimeProvider), not by DateTime.UtcNow. A
        // custom validator replaces the library's RequireExpirationTime check, so a token without exp is refused here.
        builder
            .Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TimeProvider>(
                (o, clock) =>
                {
                    var skew = o.TokenValidationParameters.ClockSkew;
                    o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
                    {
                        var now = clock.GetUtcNow().UtcDateTime;
                        return (notBefore is null || notBefore.Value <= now + skew)
                            && expires is not null
                            && expires.Value > now - skew;
                    };
                }
            );
        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Citizen, p => p.RequireClaim(Claims.Kind, Claims.CitizenKind))
            .AddPolicy(Policies.Staff, p => p.RequireClaim(Claims.Kind, Claims.StaffKind))
            .AddPolicy(Policies.Admin, p =>
                p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(StaffRoles.Admin)
            );

        return builder;
    }

    public static WebApplication MapAuth(this WebApplication app)
    {
        app.MapAuthApi();
        app.MapMeApi();
        return app;
    }
}
