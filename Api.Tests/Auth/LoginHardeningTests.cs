using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;

namespace Mediation.Api.Tests.Auth;

/// <summary>The staff lockout under concurrency and the answers of a locked account, on both databases.</summary>
public abstract class LoginHardeningTests(ApiFactory api)
{
    private const string Password = "correct-horse-battery";

    private Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        api.CreateClient().PostAsJsonAsync("/api/auth/staff", new { username, password });

    private async Task<(Guid Id, string Username)> CreateStaffAsync()
    {
        var username = "lock" + Guid.NewGuid().ToString("N")[..8];
        var id = Guid.Empty;
        await api.WithDbAsync(async db =>
        {
            var staff = new StaffUser
            {
                Username = username,
                PasswordHash = "",
                DisplayName = "测试员",
                Roles = [StaffRoles.Intake],
                CreatedAt = DateTime.UtcNow,
            };
            staff.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(staff, Password);
            db.StaffUsers.Add(staff);
            await db.SaveChangesAsync();
            id = staff.Id;
        });
        return (id, username);
    }

    private static async Task<(
        HttpStatusCode Status,
        string? ContentType,
        string? Type,
        string? Title,
        string? Detail
    )> ShapeAsync(HttpResponseMessage response)
    {
        var problem = await response.JsonAsync();
        return (
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            problem.GetProperty("type").GetString(),
            problem.GetProperty("title").GetString(),
            problem.GetProperty("detail").GetString()
        );
    }

    [Fact]
    public async Task ALockedAccountAnswersAWrongPasswordExactlyAsAnUnknownUsernameIsAnswered()
    {
        var (_, username) = await CreateStaffAsync();
        for (var i = 0; i < 5; i++)
            (await LoginAsync(username, "wrong-" + i)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var locked = await ShapeAsync(await LoginAsync(username, "wrong-again"));
        var unknown = await ShapeAsync(await LoginAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], "wrong-again"));

        locked.Should().Be(unknown);
        locked.Status.Should().Be(HttpStatusCode.Unauthorized);
        locked.ContentType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task TwentyConcurrentWrongPasswordsLockTheAccountWithExactlyTheAllowedCount()
    {
        var (id, username) = await CreateStaffAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => LoginAsync(username, "wrong-" + i)));

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        var staff = api.WithDb(db => db.StaffUsers.Single(s => s.Id == id));
        staff
            .LockedUntil.Should()
            .BeAfter(
                api.Clock.GetUtcNow().UtcDateTime,
                "five wrong passwords lock the account, however they interleave"
            );
        staff.FailedLoginCount.Should().Be(5, "the attempts that arrived while it was locked are not counted");
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "StaffLoginFailed" && a.TargetId == id.ToString()))
            .Should()
            .Be(20);
        (await LoginAsync(username, Password))
            .StatusCode.Should()
            .Be(HttpStatusCode.TooManyRequests, "the right password learns of the lock");
    }

    [Fact]
    public async Task AfterTheLockRunsOutTheCountStartsAgain()
    {
        var (id, username) = await CreateStaffAsync();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => LoginAsync(username, "wrong-" + i)));
        api.Clock.Advance(TimeSpan.FromMinutes(16));

        (await LoginAsync(username, "wrong-after")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var staff = api.WithDb(db => db.StaffUsers.Single(s => s.Id == id));
        staff.FailedLoginCount.Should().Be(1);
        staff.LockedUntil.Should().BeNull();
        (await LoginAsync(username, Password)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

public sealed class LoginHardeningTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : LoginHardeningTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class LoginHardeningTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : LoginHardeningTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
