using System.IdentityModel.Tokens.Jwt;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;

namespace Mediation.Api.Tests.Auth;

public sealed class StaffLoginTests(ApiHost<SqliteDatabase> api) : IClassFixture<ApiHost<SqliteDatabase>>
{
    private Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        api.CreateClient().PostAsJsonAsync("/api/auth/staff", new { username, password });

    private async Task<string> CreateStaffAsync(string password, params string[] roles)
    {
        var username = "staff" + Guid.NewGuid().ToString("N")[..8];
        await api.WithDbAsync(async db =>
        {
            var staff = new StaffUser
            {
                Username = username,
                PasswordHash = "",
                DisplayName = "测试员",
                Roles = [.. roles],
                CreatedAt = DateTime.UtcNow,
            };
            staff.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(staff, password);
            db.StaffUsers.Add(staff);
            await db.SaveChangesAsync();
        });
        return username;
    }

    [Fact]
    public async Task TheBootstrappedAdministratorLogsInAndTheTokenCarriesTheRole()
    {
        var response = await LoginAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var login = await response.JsonAsync();
        login.GetProperty("user").GetProperty("kind").GetString().Should().Be("staff");
        var token = new JwtSecurityTokenHandler().ReadJwtToken(login.GetProperty("token").GetString());
        token.Claims.Where(c => c.Type == "role").Select(c => c.Value).Should().Equal("Admin");
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedWithoutSayingWhetherTheUserExists()
    {
        var username = await CreateStaffAsync("correct-horse-battery", StaffRoles.Intake);

        var wrongPassword = await LoginAsync(username, "wrong-password");
        var noSuchUser = await LoginAsync("nobody-" + Guid.NewGuid().ToString("N")[..6], "wrong-password");

        wrongPassword.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        noSuchUser.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await wrongPassword.JsonAsync())
            .GetProperty("detail")
            .GetString()
            .Should()
            .Be((await noSuchUser.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RepeatedFailuresLockTheAccountEvenAgainstTheRightPassword()
    {
        var username = await CreateStaffAsync("correct-horse-battery", StaffRoles.Intake);
        for (var i = 0; i < 5; i++)
            await LoginAsync(username, "wrong-" + i);

        var response = await LoginAsync(username, "correct-horse-battery");

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await response.JsonAsync()).GetProperty("detail").GetString().Should().Contain("锁定");
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "StaffLoginFailed" && a.Outcome == "Refused"))
            .Should()
            .BeGreaterThanOrEqualTo(6);

        api.Clock.Advance(TimeSpan.FromMinutes(16));
        (await LoginAsync(username, "correct-horse-battery")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ADeactivatedAccountCannotLogIn()
    {
        var username = await CreateStaffAsync("correct-horse-battery", StaffRoles.Mediator);
        await api.WithDbAsync(async db =>
        {
            db.StaffUsers.Single(s => s.Username == username).Active = false;
            await db.SaveChangesAsync();
        });

        (await LoginAsync(username, "correct-horse-battery")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}

/// <summary>A tiny login budget, so that the limiter is seen to act; its own app so other tests keep theirs.</summary>
public sealed class RateLimitedApi() : ApiFactory(new SqliteDatabase())
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Auth:LoginPermitsPerMinute", "3")];
}

public sealed class LoginRateLimitTests(RateLimitedApi api) : IClassFixture<RateLimitedApi>
{
    [Fact]
    public async Task LoginsBeyondThePerMinuteBudgetAnswer429ProblemWithRetryAfter()
    {
        var client = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await client.PostAsJsonAsync("/api/auth/staff", new { username = "x", password = "y" });
            statuses.Add(last.StatusCode);
        }

        statuses
            .Should()
            .Equal(
                HttpStatusCode.Unauthorized,
                HttpStatusCode.Unauthorized,
                HttpStatusCode.Unauthorized,
                HttpStatusCode.TooManyRequests
            );
        last.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        last.Headers.RetryAfter.Should().NotBeNull();
        (await last.JsonAsync()).GetProperty("title").GetString().Should().Be("请求过于频繁，请稍后再试");
    }
}
