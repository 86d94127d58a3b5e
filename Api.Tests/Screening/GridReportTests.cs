using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Notifications;
using Mediation.Api.Screening;
using Mediation.Api.Tests.Evidence;
using Mediation.Api.Tests.Intake;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Tests.Screening;

/// <summary>网格员排查上报: a grid worker reports a dispute from the field; the village clerk turns it into a case, merges
/// it, records it settled on the spot, or dismisses it.</summary>
public abstract partial class ScreeningTests
{
    private const string PartyPhone = "13912345678";

    private static object Report(Guid clientId, string urgency = "Urgent") =>
        new
        {
            clientId,
            place = "西村三组王家院外",
            latitude = 37.1934,
            longitude = 122.0577,
            account = "王某与邻居李某因宅基地边界的院墙争吵，双方家属聚集，情绪激动。",
            urgency,
            parties = new[]
            {
                new
                {
                    name = "王某",
                    phone = PartyPhone,
                    side = "一方",
                },
                new
                {
                    name = "李某",
                    phone = (string?)null,
                    side = "另一方",
                },
            },
        };

    private async Task<(string Village, Staff Worker, Staff Clerk, Guid ReportId)> ReportedAsync(
        string urgency = "Urgent"
    )
    {
        var (_, village, _) = await api.NewTownAsync();
        var worker = await api.NewStaffAsync(village, [StaffRoles.GridWorker], "网格员赵");
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake], "受理员钱");
        var created = await worker.Client.PostAsJsonAsync("/api/grid-reports", Report(Guid.NewGuid(), urgency));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (village, worker, clerk, (await created.JsonAsync()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AGridWorkersReportSentTwiceIsStoredOnceAndReachesOnlyTheVillageClerkWithPhonesMasked()
    {
        var (_, village, neighbour) = await api.NewTownAsync();
        var worker = await api.NewStaffAsync(village, [StaffRoles.GridWorker], "网格员赵");
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake], "受理员钱");
        var otherClerk = await api.NewStaffAsync(neighbour, [StaffRoles.Intake]);
        var otherWorker = await api.NewStaffAsync(village, [StaffRoles.GridWorker]);
        var clientId = Guid.NewGuid();

        var first = await worker.Client.PostAsJsonAsync("/api/grid-reports", Report(clientId));
        var again = await worker.Client.PostAsJsonAsync("/api/grid-reports", Report(clientId));

        first.StatusCode.Should().Be(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        again.StatusCode.Should().Be(HttpStatusCode.OK, "the phone sent the same report again");
        var report = await first.JsonAsync();
        var id = report.GetProperty("id").GetGuid();
        (await again.JsonAsync()).GetProperty("id").GetGuid().Should().Be(id);
        api.WithDb(db => db.GridReports.Count(r => r.ReportedById == worker.Id)).Should().Be(1);
        report.GetProperty("status").GetString().Should().Be("Open");
        report.GetProperty("urgencyName").GetString().Should().Be("紧急");
        report.GetProperty("reporterName").GetString().Should().Be("网格员赵");

        var seen = await clerk.Client.GetAsync($"/api/grid-reports/{id}");
        var text = await seen.Content.ReadAsStringAsync();
        seen.StatusCode.Should().Be(HttpStatusCode.OK, text);
        text.Should().NotContain(PartyPhone).And.Contain("139****5678");
        api.WithDb(db => db.GridReports.AsNoTracking().Single(r => r.Id == id).Parties[0].PhoneCipher)
            .Should()
            .NotContain(PartyPhone, "phones are encrypted at rest");
        (await clerk.Client.GetAsync("/api/grid-reports?status=Open").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid())
            .Should()
            .Equal(id);
        api.WithDb(db => db.Notifications.Count(n => n.RecipientId == clerk.Id && n.Kind == "GridReportSubmitted"))
            .Should()
            .Be(1, "the clerk is told once although the report arrived twice");

        (await otherClerk.Client.GetAsync($"/api/grid-reports/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherWorker.Client.GetAsync($"/api/grid-reports/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherWorker.Client.GetAsync("/api/grid-reports").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .BeEmpty("a grid worker sees only their own reports");
        (await worker.Client.PostAsJsonAsync($"/api/grid-reports/{id}/dismiss", new { resolution = "自行撤回" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound, "a grid worker reports; the clerk decides");
        (await worker.Client.GetAsync("/api/intake")).IsSuccessStatusCode.Should().BeFalse("nor do they see the queue");
        (await clerk.Client.PostAsJsonAsync("/api/grid-reports", Report(Guid.NewGuid())))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden, "only grid workers report");
    }

    [Fact]
    public async Task AReportWithoutWhereWhatOrHowUrgentIsRefusedFieldByField()
    {
        var (_, village, _) = await api.NewTownAsync();
        var worker = await api.NewStaffAsync(village, [StaffRoles.GridWorker]);

        var response = await worker.Client.PostAsJsonAsync(
            "/api/grid-reports",
            new
            {
                clientId = Guid.NewGuid(),
                place = "",
                latitude = 91,
                account = " ",
                parties = new[] { new { name = "王某", phone = "12345" } },
            }
        );

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        errors
            .EnumerateObject()
            .Select(e => e.Name)
            .Should()
            .Contain(["place", "latitude", "longitude", "account", "urgency", "parties[0].phone"]);
        errors.GetProperty("place")[0].GetString().Should().Be("请填写纠纷发生地点");
        api.WithDb(db => db.GridReports.Count(r => r.ReportedById == worker.Id)).Should().Be(0);
    }

    [Fact]
    public async Task TheReportsPhotosJoinTheEvidenceOfTheInitiativeCaseItBecomes()
    {
        var (village, worker, clerk, id) = await ReportedAsync();
        var jpeg = TestFiles.Jpeg(20_000);
        var photo = await worker.Client.PostAsync(
            $"/api/grid-reports/{id}/photos",
            EvidenceHarness.WxForm(jpeg, "现场.jpg")
        );
        photo.StatusCode.Should().Be(HttpStatusCode.Created, await photo.Content.ReadAsStringAsync());
        var photoUrl = (await photo.JsonAsync()).GetProperty("url").GetString()!;
        (await clerk.Client.GetByteArrayAsync(photoUrl)).Should().Equal(jpeg);
        (
            await worker.Client.PostAsync(
                $"/api/grid-reports/{id}/photos",
                EvidenceHarness.WxForm(TestFiles.WindowsExe(), "照片.jpg")
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.UnsupportedMediaType);

        var walkIn = await clerk.Client.RegisterOkAsync(
            await Registrations.RegistrationAsync(clerk.Client, village, "WalkIn")
        );
        var notInitiative = await clerk.Client.PostAsJsonAsync(
            $"/api/grid-reports/{id}/convert",
            new { caseId = walkIn.GetProperty("id").GetGuid() }
        );
        await notInitiative.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "主动调解");

        var initiative = await clerk.Client.RegisterOkAsync(
            await Registrations.RegistrationAsync(clerk.Client, village, "Initiative")
        );
        var caseId = initiative.GetProperty("id").GetGuid();
        var converted = await clerk
            .Client.PostAsJsonAsync($"/api/grid-reports/{id}/convert", new { caseId })
            .OkJsonAsync();

        converted.GetProperty("status").GetString().Should().Be("Converted");
        converted.GetProperty("statusName").GetString().Should().Be("已立案");
        converted
            .GetProperty("caseReference")
            .GetString()
            .Should()
            .Be(initiative.GetProperty("caseNumber").GetString());
        converted.GetProperty("handlerName").GetString().Should().Be("受理员钱");
        var evidence = (await clerk.Client.GetAsync($"/api/disputes/{caseId}/evidence").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Single();
        evidence.GetProperty("sha256").GetString().Should().Be(TestFiles.Sha256(jpeg));
        evidence.GetProperty("description").GetString().Should().StartWith("网格员现场照片");
        // What became of the report, as its grid worker sees it.
        (await worker.Client.GetAsync($"/api/grid-reports/{id}").OkJsonAsync())
            .GetProperty("statusName")
            .GetString()
            .Should()
            .Be("已立案");

        var twice = await clerk.Client.PostAsJsonAsync($"/api/grid-reports/{id}/settle", new { resolution = "已调解" });
        await twice.ShouldBeProblemAsync(HttpStatusCode.Conflict, "已立案");
        (await worker.Client.PostAsync($"/api/grid-reports/{id}/photos", EvidenceHarness.WxForm(jpeg, "补拍.jpg")))
            .StatusCode.Should()
            .Be(HttpStatusCode.Conflict);
        api.WithDb(db =>
                db.AuditEntries.Count(a =>
                    a.TargetId == id.ToString()
                    && (
                        a.Action == "GridReportSubmitted"
                        || a.Action == "GridReportPhotoAdded"
                        || a.Action == "GridReportConverted"
                    )
                )
            )
            .Should()
            .Be(3);
    }

    [Fact]
    public async Task AReportIsMergedIntoACaseSettledOnTheSpotOrDismissedWithAReason()
    {
        var (village, worker, clerk, merged) = await ReportedAsync();
        var existing = await clerk.Client.RegisterOkAsync(
            await Registrations.RegistrationAsync(clerk.Client, village, "WalkIn")
        );
        var settled = await NewReportAsync(worker, "Normal");
        var dismissed = await NewReportAsync(worker, "Normal");

        (
            await clerk
                .Client.PostAsJsonAsync(
                    $"/api/grid-reports/{merged}/merge",
                    new { caseId = existing.GetProperty("id").GetGuid() }
                )
                .OkJsonAsync()
        )
            .GetProperty("status")
            .GetString()
            .Should()
            .Be("Merged");
        var spot = await clerk
            .Client.PostAsJsonAsync(
                $"/api/grid-reports/{settled}/settle",
                new { resolution = "经网格员和调委会主任现场劝说，双方同意各退半米重砌院墙。" }
            )
            .OkJsonAsync();
        spot.GetProperty("statusName").GetString().Should().Be("已就地化解");
        spot.GetProperty("resolution").GetString().Should().Contain("各退半米");
        var noReason = await clerk.Client.PostAsJsonAsync(
            $"/api/grid-reports/{dismissed}/dismiss",
            new { resolution = "" }
        );
        await noReason.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await noReason.JsonAsync())
            .GetProperty("errors")
            .GetProperty("resolution")[0]
            .GetString()
            .Should()
            .Be("请填写处理结果或理由");
        (
            await clerk.Client.PostAsJsonAsync(
                $"/api/grid-reports/{dismissed}/dismiss",
                new { resolution = "经核实系家庭内部口角，已平息，不属于民间纠纷。" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        var mine = (await worker.Client.GetAsync("/api/grid-reports").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid(), i => i.GetProperty("status").GetString());
        mine.Should()
            .BeEquivalentTo(
                new Dictionary<Guid, string?>
                {
                    [merged] = "Merged",
                    [settled] = "Settled",
                    [dismissed] = "Dismissed",
                }
            );
        (await clerk.Client.GetAsync("/api/grid-reports?status=Open").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .BeEmpty();
        api.WithDb(db =>
                db.AuditEntries.Count(a =>
                    (a.Action == "GridReportMerged" && a.TargetId == merged.ToString())
                    || (a.Action == "GridReportSettled" && a.TargetId == settled.ToString())
                    || (a.Action == "GridReportDismissed" && a.TargetId == dismissed.ToString())
                )
            )
            .Should()
            .Be(3);
    }

    [Fact]
    public async Task AGridWorkerAccountBelongsToAVillageAndHoldsNoOtherRole()
    {
        var (town, village, _) = await api.NewTownAsync();
        var admin = await api.AdminClientAsync();
        object Account(string body, string[] roles) =>
            new
            {
                username = "grid" + Guid.NewGuid().ToString("N")[..8],
                password = "Grid-Passw0rd-2026",
                displayName = "网格员孙",
                roles,
                bodyId = api.BodyId(body),
                active = true,
            };

        var atTown = await admin.PostAsJsonAsync("/api/admin/staff", Account(town, [StaffRoles.GridWorker]));
        await atTown.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await atTown.JsonAsync()).GetProperty("errors").GetProperty("bodyId")[0].GetString().Should().Contain("村");
        var twoRoles = await admin.PostAsJsonAsync(
            "/api/admin/staff",
            Account(village, [StaffRoles.GridWorker, StaffRoles.Intake])
        );
        await twoRoles.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "网格员");
        (await admin.PostAsJsonAsync("/api/admin/staff", Account(village, [StaffRoles.GridWorker])))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);
    }

    private static async Task<Guid> NewReportAsync(Staff worker, string urgency)
    {
        var response = await worker.Client.PostAsJsonAsync("/api/grid-reports", Report(Guid.NewGuid(), urgency));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
