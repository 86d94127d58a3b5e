using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.ReferenceData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Tests.Evidence;

/// <summary>Staff read a case's evidence only within their jurisdiction or when assigned to it as mediator.</summary>
public abstract class EvidenceStaffAccessTests(ApiFactory api)
{
    private const string Password = "correct-horse-battery";

    private async Task<HttpClient> StaffAsync(Guid? bodyId, params string[] roles)
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
                BodyId = bodyId,
                CreatedAt = DateTime.UtcNow,
            };
            staff.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(staff, Password);
            db.StaffUsers.Add(staff);
            await db.SaveChangesAsync();
        });
        var loggedIn = await api.StaffAsync(username, Password);
        var client = api.CreateClient(
            new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }
        );
        client.DefaultRequestHeaders.Authorization = loggedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    [Fact]
    public async Task IntakeOfTheCasesBodyAndItsAssignedMediatorReadTheEvidenceStaffElsewhereGet404()
    {
        var alice = await api.CitizenClientAsync("staff-access");
        var id = await alice.FileCaseAsync();
        var photo = TestFiles.Jpeg();
        var evidenceId = (await alice.UploadOkAsync(id, photo, "a.jpg")).GetProperty("id").GetString()!;
        var caseBody = api.WithDb(db => db.Disputes.Single(d => d.Id == Guid.Parse(id)).BodyId);
        var otherBody = api.WithDb(db => db.Bodies.First(b => b.Id != caseBody && b.ParentId != null).Id);

        var intake = await StaffAsync(caseBody, StaffRoles.Intake);
        var elsewhere = await StaffAsync(otherBody, StaffRoles.Intake);
        var mediator = await StaffAsync(otherBody, StaffRoles.Mediator);
        var mediatorBefore = await mediator.GetAsync($"/api/disputes/{id}/evidence");
        var mediatorId = api.WithDb(db =>
            db.StaffUsers.OrderByDescending(s => s.CreatedAt)
                .ThenByDescending(s => s.Id)
                .First(s => s.Roles.Contains(StaffRoles.Mediator))
                .Id
        );
        await api.WithDbAsync(async db =>
        {
            db.DisputeMediators.Add(
                new DisputeMediator
                {
                    DisputeId = Guid.Parse(id),
                    StaffUserId = mediatorId,
                    AssignedAt = DateTime.UtcNow,
                }
            );
            await db.SaveChangesAsync();
        });

        (await intake.ListAsync(id)).Should().HaveCount(1);
        (await (await intake.DownloadAsync(evidenceId)).Content.ReadAsByteArrayAsync()).Should().Equal(photo);
        (await elsewhere.GetAsync($"/api/disputes/{id}/evidence")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await elsewhere.GetAsync($"/api/evidence/{evidenceId}/content"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        mediatorBefore.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await mediator.ListAsync(id)).Should().HaveCount(1);
        (await (await mediator.DownloadAsync(evidenceId)).Content.ReadAsByteArrayAsync()).Should().Equal(photo);
        (await elsewhere.UploadAsync(id, TestFiles.Jpeg(), "staff.jpg"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound, "staff upload only to cases they may see");
    }
}

public sealed class EvidenceStaffAccessTestsOnSqlite(EvidenceHost<SqliteDatabase> api)
    : EvidenceStaffAccessTests(api),
        IClassFixture<EvidenceHost<SqliteDatabase>>;

public sealed class EvidenceStaffAccessTestsOnPostgresS3(S3EvidenceHost<PostgresDatabase> api)
    : EvidenceStaffAccessTests(api),
        IClassFixture<S3EvidenceHost<PostgresDatabase>>;
