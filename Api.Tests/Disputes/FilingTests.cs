using System.Text.Json.Nodes;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Disputes;

public abstract class FilingTests(ApiFactory api)
{
    [Fact]
    public async Task CitizenFilesAnApplicationAndSeesItWithPersonalDataMasked()
    {
        var alice = await api.CitizenAsync("alice-" + Guid.NewGuid());
        var created = await alice.FileOkAsync(await Applications.ValidAsync(alice));

        created.GetProperty("status").GetString().Should().Be("Submitted");
        created.GetProperty("applicationNumber").GetString().Should().MatchRegex(@"^SQ\d{8}-[0-9A-HJKMNP-TV-Z]{8}$");
        created
            .GetProperty("caseNumber")
            .ValueKind.Should()
            .Be(JsonValueKind.Null, "the committee numbers a case it accepts");
        var applicant = created.GetProperty("applicant");
        applicant.GetProperty("idNumber").GetString().Should().Be("3710**********1235");
        applicant.GetProperty("phone").GetString().Should().Be("138****8000");
        created
            .GetProperty("respondents")[1]
            .GetProperty("creditCode")
            .GetString()
            .Should()
            .Be(Applications.RespondentCompanyCode);

        var id = created.GetProperty("id").GetString();
        var fetched = await alice.GetFromJsonAsync<JsonElement>($"/api/disputes/{id}");
        fetched
            .GetProperty("applicationNumber")
            .GetString()
            .Should()
            .Be(created.GetProperty("applicationNumber").GetString());
        fetched.GetProperty("myRole").GetString().Should().Be("Applicant");
        fetched.GetRawText().Should().NotContain(Applications.ApplicantId).And.NotContain(Applications.ApplicantPhone);

        var mine = await alice.GetFromJsonAsync<JsonElement>("/api/disputes");
        mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Should().Contain(id);
    }

    [Fact]
    public async Task ARespondentMayGiveAFixedLineWhichIsStoredAndShownMasked()
    {
        var citizen = await api.CitizenAsync("landline-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        application["respondents"]![1]!["phone"] = "0631-8451234";
        application["respondents"]![0]!["phone"] = "010-12345678-123";

        var created = await citizen.FileOkAsync(application);

        created.GetProperty("respondents")[1].GetProperty("phone").GetString().Should().Be("0631-***1234");
        created.GetProperty("respondents")[0].GetProperty("phone").GetString().Should().Be("010-****5678-123");
        created.GetRawText().Should().NotContain("8451234").And.NotContain("12345678");
    }

    [Fact]
    public async Task IdAndPhoneNumbersAreEncryptedAtRestWithAKeyedHashBesideThem()
    {
        var citizen = await api.CitizenAsync("enc-" + Guid.NewGuid());
        var id = (await citizen.FileOkAsync(await Applications.ValidAsync(citizen))).GetProperty("id").GetGuid();

        var applicant = api.WithDb(db =>
            db.DisputeParties.AsNoTracking().Single(p => p.DisputeId == id && p.Role == PartyRole.Applicant)
        );
        applicant.IdNumberCipher.Should().NotContain(Applications.ApplicantId).And.NotContain("198005");
        applicant.PhoneCipher.Should().NotContain("138");
        var protector = api.Services.GetRequiredService<PersonalDataProtector>();
        protector.Unprotect(applicant.IdNumberCipher!).Should().Be(Applications.ApplicantId);
        protector.Unprotect(applicant.PhoneCipher!).Should().Be(Applications.ApplicantPhone);
        applicant
            .IdNumberHash.Should()
            .Be(protector.Hash(Applications.ApplicantId))
            .And.NotContain(Applications.ApplicantId);
    }

    [Fact]
    public async Task TheSignedCommitmentIsStoredWithItsTextHashSignerTimeAndAddress()
    {
        var citizen = await api.CitizenAsync("sign-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        var id = (await citizen.FileOkAsync(application)).GetProperty("id").GetGuid();

        var signatures = api.WithDb(db =>
            db.LegalTextAcceptances.AsNoTracking().Where(a => a.DisputeId == id).ToList()
        );
        signatures.Select(s => s.Kind).Should().BeEquivalentTo(["rights-notice", "credit-commitment"]);
        var commitment = signatures.Single(s => s.Kind == "credit-commitment");
        commitment.TextSha256.Should().Be(application["creditCommitment"]!["sha256"]!.GetValue<string>());
        commitment.AcceptedAt.Should().BeCloseTo(api.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(1));
        commitment.SignerUserId.Should().NotBeEmpty();
        commitment.ClientAddress.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task ReplayingTheSameKeyAndBodyReturnsTheFirstCase()
    {
        var citizen = await api.CitizenAsync("idem-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        var first = await citizen.FileAsync(application, "same-key");
        var second = await citizen.FileAsync(application, "same-key");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.Created);
        var firstId = (await first.JsonAsync()).GetProperty("id").GetGuid();
        (await second.JsonAsync()).GetProperty("id").GetGuid().Should().Be(firstId);
        second.Headers.Location.Should().Be(first.Headers.Location);
        var userCases = api.WithDb(db =>
            db.Disputes.Count(d =>
                d.FiledByUserId == db.Set<Mediation.Api.Disputes.Dispute>().Single(x => x.Id == firstId).FiledByUserId
            )
        );
        userCases.Should().Be(1);
    }

    [Fact]
    public async Task ReusingAKeyForADifferentApplicationIsRefusedWith422()
    {
        var citizen = await api.CitizenAsync("idem2-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        (await citizen.FileAsync(application, "key-1")).StatusCode.Should().Be(HttpStatusCode.Created);
        application["claims"] = "请求赔偿损失五千元。";

        var response = await citizen.FileAsync(application, "key-1");

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.JsonAsync()).GetProperty("title").GetString().Should().Contain("Idempotency-Key");
    }

    [Fact]
    public async Task ConcurrentDuplicatesWithOneKeyCreateExactlyOneCase()
    {
        var citizen = await api.CitizenAsync("race-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => citizen.FileAsync(application, "race-key"))
        );

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Created);
        var ids = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync()).GetProperty("id").GetGuid()));
        ids.Distinct().Should().ContainSingle();
        api.WithDb(db => db.IdempotencyRecords.Count(r => r.Key == "race-key")).Should().Be(1);
        api.WithDb(db => db.Disputes.Count(d => d.Id == ids[0])).Should().Be(1);
    }

    [Fact]
    public async Task ConcurrentAcceptancesInOneBodyGetConsecutiveCaseNumbersAndAFailedOneGivesItsNumberBack()
    {
        var citizens = await Task.WhenAll(
            Enumerable.Range(0, 10).Select(i => api.CitizenAsync($"num-{i}-{Guid.NewGuid()}"))
        );
        var application = await Applications.ValidAsync(citizens[0], bodyCode: "WD-ZT-BC");
        var filings = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => citizens[i % 10].FileAsync(application)));
        var filed = await Task.WhenAll(
            filings.Select(async r =>
            {
                r.StatusCode.Should().Be(HttpStatusCode.Created);
                var json = await r.JsonAsync();
                json.GetProperty("caseNumber").ValueKind.Should().Be(JsonValueKind.Null);
                return (
                    Id: json.GetProperty("id").GetGuid(),
                    Application: json.GetProperty("applicationNumber").GetString()!
                );
            })
        );
        filed.Select(f => f.Application).Should().OnlyHaveUniqueItems();
        var clerks = await Task.WhenAll(
            Enumerable.Range(0, 5).Select(_ => api.NewStaffAsync("WD-ZT-BC", [StaffRoles.Intake]))
        );

        // All 50 accepted at once, the first ten twice by two clerks: one of each pair wins, the other is refused
        // (perhaps after it took a number, which must then come back).
        var attempts = filed
            .Select((f, i) => (f.Id, Clerk: clerks[i % 5]))
            .Concat(filed.Take(10).Select((f, i) => (f.Id, Clerk: clerks[(i + 1) % 5])))
            .ToList();
        var answers = await Task.WhenAll(
            attempts.Select(async a =>
            {
                var response = await a.Clerk.Client.PostAsync($"/api/intake/{a.Id}/accept");
                return (a.Id, response.StatusCode, Json: await response.JsonAsync());
            })
        );

        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.OK || a.StatusCode == HttpStatusCode.Conflict);
        var numbers = answers
            .Where(a => a.StatusCode == HttpStatusCode.OK)
            .Select(a => (a.Id, Number: a.Json.GetProperty("caseNumber").GetString()!))
            .ToList();
        numbers.Select(n => n.Id).Should().BeEquivalentTo(filed.Select(f => f.Id), "each case is accepted once");
        numbers.Should().AllSatisfy(n => n.Number.Should().MatchRegex(@"^WD-ZT-BC-\d{4}-\d{5}$"));
        numbers.Select(n => int.Parse(n.Number[^5..])).Order().Should().Equal(Enumerable.Range(1, 50));
        var stored = api.WithDb(db =>
            db.Disputes.Where(d => filed.Select(f => f.Id).Contains(d.Id)).ToDictionary(d => d.Id, d => d.CaseNumber)
        );
        stored.Should().BeEquivalentTo(numbers.ToDictionary(n => n.Id, n => (string?)n.Number));
    }

    [Fact]
    public async Task DuplicatesFailingAmongConcurrentFilingsAreRolledBackAloneAndTakeNoNeighbourWithThem()
    {
        // On SQLite filings that arrive together share one commit; a duplicate key fails inside it and must not take
        // its neighbours with it.
        var citizens = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => api.CitizenAsync($"group-{i}-{Guid.NewGuid()}"))
        );
        var application = await Applications.ValidAsync(citizens[0], bodyCode: "WD-WY");

        var responses = await Task.WhenAll(
            Enumerable
                .Range(0, 12)
                .Select(i =>
                    i % 2 == 0
                        ? citizens[0].FileAsync(application, "group-key")
                        : citizens[1 + i % 3].FileAsync(application)
                )
        );

        var created = await Task.WhenAll(
            responses.Select(async r =>
            {
                r.StatusCode.Should().Be(HttpStatusCode.Created);
                var json = await r.JsonAsync();
                return (
                    Id: json.GetProperty("id").GetGuid(),
                    Number: json.GetProperty("applicationNumber").GetString()!
                );
            })
        );
        created.Where((_, i) => i % 2 == 0).Select(c => c.Id).Distinct().Should().ContainSingle();
        var cases = created.DistinctBy(c => c.Id).ToList();
        cases.Should().HaveCount(7);
        cases.Select(c => c.Number).Should().OnlyHaveUniqueItems();
        api.WithDb(db => db.Disputes.Count(d => cases.Select(c => c.Id).Contains(d.Id))).Should().Be(7);
        api.WithDb(db => db.IdempotencyRecords.Count(r => r.Key == "group-key")).Should().Be(1);
    }

    [Fact]
    public async Task AnApplicationWithoutIdempotencyKeyIsRefused()
    {
        var citizen = await api.CitizenAsync("nokey-" + Guid.NewGuid());
        var response = await citizen.PostAsJsonAsync("/api/disputes", await Applications.ValidAsync(citizen));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("title").GetString().Should().Be("缺少 Idempotency-Key 请求头");
    }

    [Fact]
    public async Task TheBodyIsInferredFromThePlaceWhenNoneIsChosen()
    {
        var citizen = await api.CitizenAsync("place-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        application.Remove("bodyId");
        application["place"] = "文登区泽头镇南村村委会东侧";

        var created = await citizen.FileOkAsync(application);

        created.GetProperty("bodyName").GetString().Should().Be("泽头镇南村人民调解委员会");
        created.GetProperty("bodyId").GetGuid().Should().Be(api.BodyId("WD-ZT-NC"));
    }

    [Fact]
    public async Task APlaceOutsideEveryBodysRegionIsReportedOnThePlaceField()
    {
        var citizen = await api.CitizenAsync("place2-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        application.Remove("bodyId");
        application["place"] = "广东省深圳市南山区";

        var response = await citizen.FileAsync(application);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync())
            .GetProperty("errors")
            .GetProperty("place")[0]
            .GetString()
            .Should()
            .Contain("无法根据纠纷发生地");
    }

    [Fact]
    public async Task SubmissionIsAuditedAndStartsTheStatusHistory()
    {
        var citizen = await api.CitizenAsync("audit-" + Guid.NewGuid());
        var id = (await citizen.FileOkAsync(await Applications.ValidAsync(citizen))).GetProperty("id").GetGuid();

        var audit = api.WithDb(db =>
            db.AuditEntries.AsNoTracking().Single(a => a.TargetId == id.ToString() && a.Action == "DisputeSubmitted")
        );
        audit.ActorKind.Should().Be("citizen");
        audit.ActorId.Should().NotBeNull();
        audit.Outcome.Should().Be("Succeeded");
        var timeline = await citizen.GetFromJsonAsync<JsonElement>($"/api/disputes/{id}/timeline");
        timeline
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("kind").GetString())
            .Should()
            .Equal("RightsNoticeAcknowledged", "CreditCommitmentSigned", "StatusChanged");
    }
}

public sealed class FilingTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : FilingTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class FilingTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : FilingTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;

public sealed class IdempotencyRetentionTests(ApiHost<SqliteDatabase> api) : IClassFixture<ApiHost<SqliteDatabase>>
{
    [Fact]
    public async Task KeysAreKeptForTheirRetentionAndRemovedAfterIt()
    {
        var citizen = await api.CitizenAsync("ret-" + Guid.NewGuid());
        (await citizen.FileAsync(await Applications.ValidAsync(citizen), "old-key"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);
        api.Clock.Advance(TimeSpan.FromDays(6));
        (await citizen.FileAsync(await Applications.ValidAsync(citizen), "young-key"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);

        await RunCleanup();
        api.WithDb(db => db.IdempotencyRecords.Select(r => r.Key).ToList()).Should().Contain(["old-key", "young-key"]);

        api.Clock.Advance(TimeSpan.FromDays(1.5));
        await RunCleanup();
        var keys = api.WithDb(db => db.IdempotencyRecords.Select(r => r.Key).ToList());
        keys.Should().NotContain("old-key").And.Contain("young-key");
    }

    private async Task RunCleanup()
    {
        await using var scope = api.Services.CreateAsyncScope();
        await scope
            .ServiceProvider.GetRequiredService<Mediation.Api.Infrastructure.Idempotency.IdempotencyCleanupJob>()
            .RunAsync(CancellationToken.None);
    }
}
