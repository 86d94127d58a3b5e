using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mediation.Api.Infrastructure.Security;

/// <summary>Issues our own bearer tokens (HMAC-SHA256 JWT); WeChat's session_key never leaves the server.</summary>
public sealed class TokenIssuer(TokenIssuer.SigningKey key, IOptions<AuthOptions> options, TimeProvider clock)
{
    public sealed record SigningKey(SymmetricSecurityKey Key);

    private static readonly JsonWebTokenHandler Handler = new();

    public (string Token, DateTime ExpiresAt) IssueCitizen(Guid userId) =>
        Issue(
            [new(Claims.Subject, userId.ToString()), new(Claims.Kind, Claims.CitizenKind)],
            options.Value.CitizenTokenLifetime
        );

    public (string Token, DateTime ExpiresAt) IssueStaff(
        Guid staffId,
        IEnumerable<string> roles,
        Guid? bodyId,
        string securityStamp
    )
    {
        List<Claim> claims =
        [
            new(Claims.Subject, staffId.ToString()),
            new(Claims.Kind, Claims.StaffKind),
            new(Claims.Stamp, securityStamp),
        ];
        claims.AddRange(roles.Select(r => new Claim(Claims.Role, r)));
        if (bodyId is { } b)
            claims.Add(new Claim(Claims.Body, b.ToString()));
        return Issue(claims, options.Value.StaffTokenLifetime);
    }

    private (string, DateTime) Issue(IEnumerable<Claim> claims, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + lifetime;
        var token = Handler.CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = options.Value.Issuer,
                Audience = options.Value.Issuer,
                Subject = new ClaimsIdentity(claims),
                IssuedAt = now,
                NotBefore = now,
                Expires = expires,
                SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
            }
        );
        return (token, expires);
    }
}
