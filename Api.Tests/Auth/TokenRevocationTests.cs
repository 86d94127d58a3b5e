using System.Net.Http.Headers;
using System.Security.Claims;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mediation.Api.Tests.Auth;

/// <summary>What an administrator changes about a staff account holds for the tokens already out there, not only for
/// the next login.</summary>
public abstract class TokenRevocationTests(ApiFactory api)
{
    private Task<HttpClient> AdminAsync() => api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);

    private static Task<HttpResponseMessage> UpdateAsync(
        HttpClient admin,
        Guid id,
        string[] roles,
        Guid? bodyId,
        bool active = true
    ) =>
        admin.PutAsJsonAsync(
            $"/api/admin/staff/{id}",
            new
            {
                displayName = "测试员",
                roles,
                bodyId,
                active,
            }
        );

    [Fact]
    public async Task ADeactivatedStaffMembersEarlierTokenIsRefusedAtOnce()
    {
        var admin = await AdminAsync();
        var intake = await api.NewStaffAsync("WD-ZJC", [StaffRoles.Intake]);
        (await intake.Client.GetAsync("/api/intake")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await UpdateAsync(admin, intake.Id, [StaffRoles.Intake], api.BodyId("WD-ZJC"), active: false))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        await (await intake.Client.GetAsync("/api/intake")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ARoleTakenAwayEndsTheTokensThatCarryIt()
    {
        var admin = await AdminAsync();
        var staff = await api.NewStaffAsync("WD-ZJC", [StaffRoles.Intake, StaffRoles.Mediator]);
        (await staff.Client.GetAsync("/api/intake")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await UpdateAsync(admin, staff.Id, [StaffRoles.Mediator], api.BodyId("WD-ZJC")))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        await (await staff.Client.GetAsync("/api/intake")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var again = await api.StaffAsync(staff.Username, IntakeHarness.Password);
        await (await again.GetAsync("/api/intake")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AClerkMovedToAnotherBodyCanNoLongerRevealOnTheOldBodysCase()
    {
        var admin = await AdminAsync();
        var (_, villageA, villageB) = await api.NewTownAsync();
        var filed = await api.FileCaseAsync(villageA);
        var clerk = await api.NewStaffAsync(villageA, [StaffRoles.Intake]);
        var partyId = (await clerk.Client.GetAsync($"/api/intake/{filed.Id}").OkJsonAsync())
            .GetProperty("case")
            .GetProperty("applicant")
            .GetProperty("id")
            .GetGuid();
        var reveal = $"/api/intake/{filed.Id}/parties/{partyId}/reveal";
        (await clerk.Client.PostAsync(reveal).OkJsonAsync())
            .GetProperty("idNumber")
            .GetString()
            .Should()
            .Be(Applications.ApplicantId);

        (await UpdateAsync(admin, clerk.Id, [StaffRoles.Intake], api.BodyId(villageB)))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        var refused = await clerk.Client.PostAsync(reveal);
        await refused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadAsStringAsync()).Should().NotContain(Applications.ApplicantId);
        var relogged = await api.StaffAsync(clerk.Username, IntakeHarness.Password);
        await (await relogged.PostAsync(reveal)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task APasswordResetLogsOutWhoeverHeldTheOldPassword()
    {
        var admin = await AdminAsync();
        var intake = await api.NewStaffAsync("WD-ZJC", [StaffRoles.Intake]);

        (
            await admin.PostAsJsonAsync(
                $"/api/admin/staff/{intake.Id}/password",
                new { password = "Brand-new-pass-2026" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.NoContent);

        await (await intake.Client.GetAsync("/api/intake")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var relogged = await api.StaffAsync(intake.Username, "Brand-new-pass-2026");
        (await relogged.GetAsync("/api/intake")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ADeactivationWrittenByAnotherInstanceEndsEarlierTokensWithinSeconds()
    {
        var intake = await api.NewStaffAsync("WD-ZJC", [StaffRoles.Intake]);
        (await intake.Client.GetAsync("/api/intake")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Straight into the database, as another API instance would: this instance only learns of it when its cache
        // runs out.
        await api.WithDbAsync(async db =>
        {
            db.StaffUsers.Single(s => s.Id == intake.Id).Active = false;
            await db.SaveChangesAsync();
        });
        api.Clock.Advance(TimeSpan.FromSeconds(6));

        await (await intake.Client.GetAsync("/api/intake")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AStaffTokenWithoutAnExpiryIsRefused()
    {
        var login = await LoginTokenAsync();

        var withExpiry = Client(Resign(login, expires: api.Clock.GetUtcNow().UtcDateTime.AddHours(1)));
        var forever = Client(Resign(login, expires: null));

        (await withExpiry.GetAsync("/api/intake"))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK, "the re-signed token is otherwise valid");
        await (await forever.GetAsync("/api/intake")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AStaffTokenWithoutASecurityStampIsRefused()
    {
        var login = await LoginTokenAsync();

        var token = Resign(login, expires: api.Clock.GetUtcNow().UtcDateTime.AddHours(1), leaveOut: Claims.Stamp);

        await (await Client(token).GetAsync("/api/intake")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ACitizenWhoseAccountIsGoneIsRefused()
    {
        var openId = "gone-" + Guid.NewGuid();
        var citizen = await api.CitizenAsync(openId);
        (await citizen.GetAsync("/api/disputes")).StatusCode.Should().Be(HttpStatusCode.OK);

        await api.WithDbAsync(async db =>
        {
            db.CitizenUsers.Remove(db.CitizenUsers.Single(u => u.OpenId == openId));
            await db.SaveChangesAsync();
        });
        api.Clock.Advance(TimeSpan.FromSeconds(6));

        await (await citizen.GetAsync("/api/disputes")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<JsonWebToken> LoginTokenAsync()
    {
        var intake = await api.NewStaffAsync("WD-ZJC", [StaffRoles.Intake]);
        return new JsonWebToken(intake.Client.DefaultRequestHeaders.Authorization!.Parameter);
    }

    /// <summary>The same claims signed again with the service's key, with another expiry (none) and perhaps a claim
    /// left out.</summary>
    private string Resign(JsonWebToken token, DateTime? expires, string? leaveOut = null)
    {
        var key = api.Services.GetRequiredService<TokenIssuer.SigningKey>().Key;
        var now = api.Clock.GetUtcNow().UtcDateTime;
        var claims = token.Claims.Where(c =>
            c.Type is not ("exp" or "iat" or "nbf" or "iss" or "aud") && c.Type != leaveOut
        );
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = token.Issuer,
                Audience = token.Audiences.Single(),
                Subject = new ClaimsIdentity(claims),
                IssuedAt = now,
                NotBefore = now,
                Expires = expires,
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            }
        );
    }

    private HttpClient Client(string token)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

public sealed class TokenRevocationTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : TokenRevocationTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class TokenRevocationTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : TokenRevocationTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
