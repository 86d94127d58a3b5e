using System.Text.Json.Nodes;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Tests.Intake;

/// <summary>
/// What the mini-program's correction (补正) page needs: the clerk's request and its deadline, and a resubmission built
/// from the application as the citizen sees it, masked values and all, so that nothing has to be retyped but what was
/// asked.
/// </summary>
public abstract class CorrectionPageTests(ApiFactory api)
{
    /// <summary>Ten days ahead on China's calendar; the deadline is sent without an offset, so 17:00 Beijing
    /// time.</summary>
    private static readonly DateTime DeadlineDay = DateTime.UtcNow.AddHours(8).Date.AddDays(10);

    private async Task<IntakeHarness.Filed> AskedToCorrectAsync(params string[] items)
    {
        var filed = await api.FileCaseAsync("WD-ZJC-DC");
        var intake = await api.NewStaffAsync("WD-ZJC-DC", [StaffRoles.Intake]);
        await intake
            .Client.PostAsync(
                $"/api/intake/{filed.Id}/request-correction",
                new { items, deadline = $"{DeadlineDay:yyyy-MM-dd}T17:00:00" }
            )
            .OkJsonAsync();
        return filed;
    }

    /// <summary>The application as GET /api/disputes/{id} shows it, turned back into the body of a
    /// correction.</summary>
    private static async Task<JsonObject> AsShownAsync(HttpClient citizen, Guid id)
    {
        var shown = JsonNode.Parse(await citizen.GetStringAsync($"/api/disputes/{id}"))!.AsObject();
        JsonObject Party(JsonNode p)
        {
            var o = new JsonObject();
            foreach (var k in new[] { "kind", "name", "gender", "ethnicity", "idNumber", "phone", "address" })
                if (p[k] is { } v)
                    o[k] = v.DeepClone();
            if (p["creditCode"] is { } code)
                o["creditCode"] = code.DeepClone();
            return o;
        }
        return new JsonObject
        {
            ["applicant"] = Party(shown["applicant"]!),
            ["respondents"] = new JsonArray(shown["respondents"]!.AsArray().Select(p => (JsonNode)Party(p!)).ToArray()),
            ["thirdParties"] = new JsonArray(),
            ["typeCode"] = shown["typeCode"]!.DeepClone(),
            ["facts"] = shown["facts"]!.DeepClone(),
            ["claims"] = shown["claims"]!.DeepClone(),
            ["amountFen"] = shown["amountFen"]?.DeepClone(),
            ["preferredMode"] = shown["preferredMode"]!.DeepClone(),
        };
    }

    [Fact]
    public async Task TheApplicantReadsWhatToCorrectAndTheDeadlineInBeijingTime()
    {
        var filed = await AskedToCorrectAsync("请补充纠纷发生的时间", "请核对被申请人电话");

        var correction = await filed.Citizen.GetAsync($"/api/disputes/{filed.Id}/correction").OkJsonAsync();

        correction
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetString())
            .Should()
            .Equal("请补充纠纷发生的时间", "请核对被申请人电话");
        correction.GetProperty("deadline").GetDateTime().Should().Be(DeadlineDay.AddHours(9));
        correction.GetProperty("deadlineLocal").GetString().Should().Be($"{DeadlineDay:yyyy-MM-dd} 17:00");
    }

    [Fact]
    public async Task NobodyButTheApplicantSeesTheCorrectionAndNoneIsShownOnceResubmitted()
    {
        var filed = await AskedToCorrectAsync("请补充纠纷发生的时间");
        var stranger = await api.CitizenAsync("c-" + Guid.NewGuid());

        (await stranger.GetAsync($"/api/disputes/{filed.Id}/correction"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);

        var body = await AsShownAsync(filed.Citizen, filed.Id);
        body["facts"] = "2026年11月起，邻居李四在两家之间的通道上堆放杂物，多次协商未果。";
        await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", body).OkJsonAsync();

        (await filed.Citizen.GetAsync($"/api/disputes/{filed.Id}/correction"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MaskedValuesSentBackAsShownKeepWhatIsOnFile()
    {
        var filed = await AskedToCorrectAsync("请补充纠纷发生的时间");
        var before = api.WithDb(db =>
            db.DisputeParties.AsNoTracking()
                .Where(p => p.DisputeId == filed.Id)
                .OrderBy(p => p.Role)
                .ThenBy(p => p.Position)
                .Select(p => new
                {
                    p.IdNumberHash,
                    p.PhoneHash,
                    p.AddressCipher,
                })
                .ToList()
        );
        var body = await AsShownAsync(filed.Citizen, filed.Id);
        body["applicant"]!["idNumber"]!
            .GetValue<string>()
            .Should()
            .Contain("*", "the page only ever sees masked values");
        body["facts"] = "2026年11月起，邻居李四在两家之间的通道上堆放杂物，多次协商未果。";

        var corrected = await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", body).OkJsonAsync();

        corrected.GetProperty("status").GetString().Should().Be("Submitted");
        corrected.GetProperty("applicant").GetProperty("phone").GetString().Should().Be("138****8000");
        var after = api.WithDb(db =>
            db.DisputeParties.AsNoTracking()
                .Where(p => p.DisputeId == filed.Id)
                .OrderBy(p => p.Role)
                .ThenBy(p => p.Position)
                .Select(p => new
                {
                    p.IdNumberHash,
                    p.PhoneHash,
                    p.AddressCipher,
                })
                .ToList()
        );
        after
            .Select(p => (p.IdNumberHash, p.PhoneHash))
            .Should()
            .Equal(before.Select(p => (p.IdNumberHash, p.PhoneHash)));
        after.Select(p => p.AddressCipher is null).Should().Equal(before.Select(p => p.AddressCipher is null));
    }

    [Fact]
    public async Task AMaskedValueThatIsNotTheOneOnFileIsRefusedOnItsField()
    {
        var filed = await AskedToCorrectAsync("请核对被申请人电话");
        var body = await AsShownAsync(filed.Citizen, filed.Id);
        body["respondents"]![0]!["phone"] = "139****0000";

        var refused = await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", body);

        await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().Equal("respondents[0].phone");
        api.Status(filed.Id).Should().Be("NeedsCorrection");
    }

    [Fact]
    public async Task ANewValueTypedInPlaceOfAMaskedOneIsCheckedAndStored()
    {
        var filed = await AskedToCorrectAsync("请核对被申请人电话");
        var body = await AsShownAsync(filed.Citizen, filed.Id);
        body["respondents"]![0]!["phone"] = "1390013900"; // one digit short

        var refused = await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", body);
        await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("errors")
            .TryGetProperty("respondents[0].phone", out _)
            .Should()
            .BeTrue();

        body["respondents"]![0]!["phone"] = "13600136000";
        var corrected = await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", body).OkJsonAsync();
        corrected.GetProperty("respondents")[0].GetProperty("phone").GetString().Should().Be("136****6000");
    }

    [Fact]
    public async Task ATextWhoseVersionChangedSinceFilingMustBeAcknowledgedAgainInItsCurrentVersion()
    {
        var filed = await AskedToCorrectAsync("请补充纠纷发生的时间");
        await api.WithDbAsync(async db =>
        {
            var old = db.LegalTextAcceptances.Single(a => a.DisputeId == filed.Id && a.Kind == "rights-notice");
            (old.TextVersion, old.TextSha256) = ("2020-01", new string('0', 64)); // as if the notice changed since
            await db.SaveChangesAsync();
        });
        var body = await AsShownAsync(filed.Citizen, filed.Id);

        var refused = await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", body);
        await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("errors")
            .EnumerateObject()
            .Select(e => e.Name)
            .Should()
            .Equal("rightsNotice");

        var current = await filed.Citizen.GetFromJsonAsync<JsonElement>("/api/legal-texts/rights-notice");
        body["rightsNotice"] = new JsonObject
        {
            ["version"] = current.GetProperty("version").GetString(),
            ["sha256"] = current.GetProperty("sha256").GetString(),
            ["acknowledged"] = true,
        };
        var corrected = await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", body).OkJsonAsync();

        corrected.GetProperty("status").GetString().Should().Be("Submitted");
        var kept = api.WithDb(db =>
            db.LegalTextAcceptances.Where(a => a.DisputeId == filed.Id)
                .Select(a => a.Kind + ":" + a.TextVersion)
                .ToList()
        );
        kept.Should()
            .BeEquivalentTo(
                "rights-notice:2020-01",
                "rights-notice:" + current.GetProperty("version").GetString(),
                "credit-commitment:"
                    + corrected
                        .GetProperty("acceptances")
                        .EnumerateArray()
                        .First(a => a.GetProperty("kind").GetString() == "credit-commitment")
                        .GetProperty("version")
                        .GetString()
            );
    }
}

public sealed class CorrectionPageTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : CorrectionPageTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class CorrectionPageTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : CorrectionPageTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
