using Mediation.Api.Disputes;
using Mediation.Api.Evidence;
using Mediation.Api.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Evidence;

/// <summary>Withdrawal, closed cases, staff access and integrity checks.</summary>
public abstract class EvidenceRulesTests(ApiFactory api)
{
    private Task MoveAsync(string id, Action<Dispute> change) =>
        api.WithDbAsync(async db =>
        {
            var dispute = await db.Disputes.SingleAsync(d => d.Id == Guid.Parse(id));
            change(dispute);
            await db.SaveChangesAsync();
        });

    private static void Accept(Dispute d) =>
        DisputeStateMachine.TryMove(d, DisputeStatus.Accepted, "staff", null, null, DateTime.UtcNow).Should().BeTrue();

    [Fact]
    public async Task BeforeAcceptanceTheUploaderMayWithdrawAnItemWhichIsThenHiddenFromStaffButKept()
    {
        var alice = await api.CitizenClientAsync("wd");
        var admin = await api.AdminClientAsync();
        var id = await alice.FileCaseAsync();
        var evidenceId = (await alice.UploadOkAsync(id, TestFiles.Jpeg(), "错发的照片.jpg"))
            .GetProperty("id")
            .GetString()!;

        var withdrawn = await alice.PostAsJsonAsync(
            $"/api/disputes/{id}/evidence/{evidenceId}/withdraw",
            new { reason = "传错了" }
        );

        withdrawn.StatusCode.Should().Be(HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        (await withdrawn.JsonAsync()).GetProperty("withdrawnAt").ValueKind.Should().Be(JsonValueKind.String);
        (await alice.ListAsync(id)).Single().GetProperty("withdrawnReason").GetString().Should().Be("传错了");
        (await admin.ListAsync(id)).Should().BeEmpty();
        (await admin.GetAsync($"/api/evidence/{evidenceId}/content")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await api.StoredKeysAsync(id)).Should().HaveCount(1, "the object is kept until retention ends");
        var timeline = await alice.GetFromJsonAsync<JsonElement>($"/api/disputes/{id}/timeline");
        timeline
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("kind").GetString())
            .Should()
            .Contain(["EvidenceAdded", "EvidenceWithdrawn"]);
        (await alice.PostAsJsonAsync($"/api/disputes/{id}/evidence/{evidenceId}/withdraw", new { reason = "again" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AfterAcceptanceEvidenceCanOnlyBeAddedAndAClosedCaseTakesNoMore()
    {
        var alice = await api.CitizenClientAsync("acc");
        var id = await alice.FileCaseAsync();
        var evidenceId = (await alice.UploadOkAsync(id, TestFiles.Jpeg(), "a.jpg")).GetProperty("id").GetString()!;
        await MoveAsync(id, Accept);

        var withdraw = await alice.PostAsJsonAsync(
            $"/api/disputes/{id}/evidence/{evidenceId}/withdraw",
            new { reason = "不要了" }
        );
        var added = await alice.UploadAsync(id, TestFiles.Png(), "补充.png");
        await MoveAsync(id, d => d.Status = DisputeStatus.Closed);
        var afterClosing = await alice.UploadAsync(id, TestFiles.Png(), "再补充.png");

        withdraw.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await withdraw.JsonAsync()).GetProperty("title").GetString().Should().Contain("受理后");
        added.StatusCode.Should().Be(HttpStatusCode.Created);
        afterClosing.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await afterClosing.JsonAsync()).GetProperty("detail").GetString().Should().Contain("已结案");
        (await alice.ListAsync(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task ACaseTakesAtMostFiftyFilesAndOneGigabyte()
    {
        var alice = await api.CitizenClientAsync("quota");
        var id = await alice.FileCaseAsync();
        var disputeId = Guid.Parse(id);
        var me = api.WithDb(db => db.Disputes.Single(d => d.Id == disputeId).FiledByUserId);
        await api.WithDbAsync(async db =>
        {
            // 49 earlier items (recorded directly: only the rows count) holding 1 GB less 1 KB between them.
            for (var i = 0; i < 49; i++)
                db.EvidenceItems.Add(
                    new Mediation.Api.Evidence.EvidenceItem
                    {
                        DisputeId = disputeId,
                        UploadedByUserId = me,
                        StorageKey = $"quota/{Guid.NewGuid():N}",
                        FileName = $"{i}.jpg",
                        ContentType = "image/jpeg",
                        SizeBytes = i == 0 ? 1024L * 1024 * 1024 - 1024 - 48 : 1,
                        Sha256 = new string('0', 64),
                        UploadedAt = DateTime.UtcNow,
                    }
                );
            await db.SaveChangesAsync();
        });

        var overBytes = await alice.UploadAsync(id, TestFiles.Jpeg(2048), "over.jpg");
        var fits = await alice.UploadAsync(id, TestFiles.Jpeg(1000), "fits.jpg");
        var fiftyFirst = await alice.UploadAsync(id, TestFiles.Jpeg(20), "one-more.jpg");

        overBytes.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await overBytes.JsonAsync()).GetProperty("detail").GetString().Should().Contain("1024 MB");
        fits.StatusCode.Should().Be(HttpStatusCode.Created);
        fiftyFirst.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await fiftyFirst.JsonAsync()).GetProperty("detail").GetString().Should().Contain("50");
        (await api.StoredKeysAsync(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task OnlyTheUploaderMayWithdrawAnItem()
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var alice = await api.CitizenClientAsync("alice");
        var id = (await alice.FileOkAsync(await Applications.ValidAsync(alice, respondentPhone: phone)))
            .GetProperty("id")
            .GetString()!;
        var lisi = await api.CitizenClientAsync("lisi");
        (
            await lisi.PostAsJsonAsync("/api/me/phone", new { code = api.WeChat.IssuePhoneCode(phone) })
        ).EnsureSuccessStatusCode();
        var evidenceId = (await alice.UploadOkAsync(id, TestFiles.Jpeg(), "a.jpg")).GetProperty("id").GetString()!;

        (await lisi.ListAsync(id)).Should().HaveCount(1, "the respondent is a party and reads the case's evidence");
        (await lisi.PostAsJsonAsync($"/api/disputes/{id}/evidence/{evidenceId}/withdraw", new { reason = "x" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task EveryStaffReadIsAudited()
    {
        var alice = await api.CitizenClientAsync("audit");
        var admin = await api.AdminClientAsync();
        var id = await alice.FileCaseAsync();
        var photo = TestFiles.Jpeg();
        var evidenceId = (await alice.UploadOkAsync(id, photo, "a.jpg")).GetProperty("id").GetString()!;

        (await admin.ListAsync(id)).Should().HaveCount(1);
        (await (await admin.DownloadAsync(evidenceId)).Content.ReadAsByteArrayAsync()).Should().Equal(photo);

        api.WithDb(db =>
                db.AuditEntries.Count(a =>
                    a.Action == "EvidenceRead" && a.TargetId == evidenceId && a.ActorKind == "staff"
                )
            )
            .Should()
            .Be(1);
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "EvidenceListed" && a.TargetId == id)).Should().Be(1);
    }

    [Fact]
    public async Task VerificationFlagsAStoredFileThatNoLongerMatchesItsHash()
    {
        var alice = await api.CitizenClientAsync("integrity");
        var admin = await api.AdminClientAsync();
        var id = await alice.FileCaseAsync();
        var good = (await alice.UploadOkAsync(id, TestFiles.Jpeg(), "good.jpg")).GetProperty("id").GetString()!;
        var bad = (await alice.UploadOkAsync(id, TestFiles.Jpeg(), "bad.jpg")).GetProperty("id").GetString()!;
        var key = api.WithDb(db => db.EvidenceItems.Single(e => e.Id == Guid.Parse(bad)).StorageKey);
        var storage = api.Services.GetRequiredService<IObjectStorage>();
        await storage.PutAsync(
            key,
            new MemoryStream(TestFiles.Jpeg()),
            "image/jpeg",
            "attachment",
            CancellationToken.None
        );

        var run = await admin.PostAsync("/api/admin/evidence/integrity/runs?sample=0", null);
        var report = await admin.GetFromJsonAsync<JsonElement>("/api/admin/evidence/integrity");
        var citizenView = await alice.GetAsync("/api/admin/evidence/integrity");

        run.StatusCode.Should().Be(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        (await run.JsonAsync()).GetProperty("mismatches").GetInt32().Should().BeGreaterThanOrEqualTo(1); // other tests here may leave rows without objects
        var failures = report
            .GetProperty("failures")
            .EnumerateArray()
            .Select(f => f.GetProperty("id").GetString())
            .ToList();
        failures.Should().Contain(bad).And.NotContain(good);
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "EvidenceIntegrityMismatch" && a.TargetId == bad))
            .Should()
            .Be(1);
        citizenView.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheCleanupRemovesAnOrphanObjectButNeverARecordedOne()
    {
        var alice = await api.CitizenClientAsync("orphan");
        var admin = await api.AdminClientAsync();
        var id = await alice.FileCaseAsync();
        await alice.UploadOkAsync(id, TestFiles.Jpeg(), "kept.jpg");
        var storage = api.Services.GetRequiredService<IObjectStorage>();
        var orphan = $"disputes/{Guid.Parse(id):N}/{Guid.NewGuid():N}/crashed.jpg";
        await storage.PutAsync(
            orphan,
            new MemoryStream(TestFiles.Jpeg()),
            "image/jpeg",
            "attachment",
            CancellationToken.None
        );

        var run = await admin.PostAsync("/api/admin/evidence/cleanup/runs", null);

        run.StatusCode.Should().Be(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        var keys = await api.StoredKeysAsync(id);
        keys.Should().HaveCount(1).And.NotContain(orphan);
    }
}

public sealed class EvidenceRulesTestsOnSqliteFileSystem(EvidenceHost<SqliteDatabase> api)
    : EvidenceRulesTests(api),
        IClassFixture<EvidenceHost<SqliteDatabase>>
{
    [Fact]
    public async Task DirectUploadWithTheFileSystemProviderIsAConflictSayingItNeedsMinio()
    {
        var alice = await api.CitizenClientAsync("direct-fs");
        var id = await alice.FileCaseAsync();

        var response = await alice.PostAsJsonAsync(
            $"/api/disputes/{id}/evidence/uploads",
            new
            {
                fileName = "v.mp4",
                sizeBytes = 1000,
                contentType = "video/mp4",
            }
        );

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.JsonAsync()).GetProperty("detail").GetString().Should().Contain("MinIO");
    }
}

public sealed class EvidenceRulesTestsOnPostgresS3(S3EvidenceHost<PostgresDatabase> api)
    : EvidenceRulesTests(api),
        IClassFixture<S3EvidenceHost<PostgresDatabase>>;
