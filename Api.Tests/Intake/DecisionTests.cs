using System.Text.Json.Nodes;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Intake;
using Mediation.Api.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Tests.Intake;

public abstract class DecisionTests(ApiFactory api)
{
    private Task<Staff> IntakeAsync(string body = "WD-ZJC-XC") => api.NewStaffAsync(body, [StaffRoles.Intake]);

    private List<Api.Notifications.Notification> NotificationsFor(Guid caseId) =>
        api.WithDb(db =>
            db.Notifications.AsNoTracking().Where(n => n.CaseId == caseId).OrderBy(n => n.CreatedAt).ToList()
        );

    [Fact]
    public async Task AcceptingMovesTheCaseWritesHistoryAndAuditAndNotifiesTheApplicant()
    {
        var filed = await api.FileCaseAsync();
        var intake = await IntakeAsync();

        var accepted = await intake.Client.PostAsync($"/api/intake/{filed.Id}/accept").OkJsonAsync();

        accepted.GetProperty("status").GetString().Should().Be("Accepted");
        var history = api.WithDb(db =>
            db.DisputeStatusChanges.AsNoTracking().Where(c => c.DisputeId == filed.Id).OrderBy(c => c.At).ToList()
        );
        history
            .Last()
            .Should()
            .Match<DisputeStatusChange>(c =>
                c.From == DisputeStatus.Submitted && c.To == DisputeStatus.Accepted && c.ActorId == intake.Id
            );
        api.WithDb(db =>
                db.AuditEntries.Count(a =>
                    a.Action == "DisputeAccepted" && a.TargetId == filed.Id.ToString() && a.ActorId == intake.Id
                )
            )
            .Should()
            .Be(1);
        var notice = NotificationsFor(filed.Id).Single();
        notice.RecipientKind.Should().Be("citizen");
        notice.Title.Should().Be("调解申请已受理");
        var caseNumber = accepted.GetProperty("caseNumber").GetString();
        caseNumber.Should().MatchRegex(@"^WD-ZJC-XC-\d{4}-\d{5}$", "the case number is given at acceptance");
        accepted.GetProperty("applicationNumber").GetString().Should().Be(filed.ApplicationNumber);
        notice.Body.Should().Contain(filed.ApplicationNumber).And.Contain(caseNumber);
        var timeline = await filed.Citizen.GetAsync($"/api/disputes/{filed.Id}/timeline").OkJsonAsync();
        timeline.GetProperty("items").EnumerateArray().Last().GetProperty("to").GetString().Should().Be("Accepted");

        var again = await intake.Client.PostAsync($"/api/intake/{filed.Id}/accept");
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "已受理");
    }

    [Fact]
    public async Task TwoConcurrentAcceptsOneWinsTheOtherGets409()
    {
        var filed = await api.FileCaseAsync();
        var first = await IntakeAsync();
        var second = await IntakeAsync();

        var responses = await Task.WhenAll(
            first.Client.PostAsync($"/api/intake/{filed.Id}/accept"),
            second.Client.PostAsync($"/api/intake/{filed.Id}/accept")
        );

        responses.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        await responses
            .Single(r => r.StatusCode == HttpStatusCode.Conflict)
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        api.WithDb(db => db.DisputeStatusChanges.Count(c => c.DisputeId == filed.Id && c.To == DisputeStatus.Accepted))
            .Should()
            .Be(1);
        NotificationsFor(filed.Id).Should().ContainSingle();
    }

    [Fact]
    public async Task RejectingNeedsAKnownReasonAndSendsItsNoticeText()
    {
        var filed = await api.FileCaseAsync();
        var intake = await IntakeAsync();
        var reasons = await intake.Client.GetAsync("/api/intake/reject-reasons").OkJsonAsync();
        reasons
            .EnumerateArray()
            .Select(r => r.GetProperty("code").GetString())
            .Should()
            .Equal("court-police-agency", "already-before-court", "not-civil", "party-refuses", "duplicate", "other");

        await (
            await intake.Client.PostAsync($"/api/intake/{filed.Id}/reject", new { reasonCode = "no-such" })
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "不予受理理由不存在");
        await (
            await intake.Client.PostAsync($"/api/intake/{filed.Id}/reject", new { note = "没有选理由" })
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "请选择不予受理的理由");
        await (
            await intake.Client.PostAsync($"/api/intake/{filed.Id}/reject", new { reasonCode = "other" })
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "请写明理由");
        var rejected = await intake
            .Client.PostAsync(
                $"/api/intake/{filed.Id}/reject",
                new { reasonCode = "already-before-court", note = "已在文登区法院立案" }
            )
            .OkJsonAsync();

        rejected.GetProperty("status").GetString().Should().Be("Rejected");
        var notice = NotificationsFor(filed.Id).Single();
        notice.Body.Should().Contain("已经由人民法院").And.Contain("已在文登区法院立案");
        api.WithDb(db =>
                db.DisputeStatusChanges.Single(c => c.DisputeId == filed.Id && c.To == DisputeStatus.Rejected).Reason
            )
            .Should()
            .Contain("已由法院");
        await (await intake.Client.PostAsync($"/api/intake/{filed.Id}/accept")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "不予受理"
        );
        await (
            await intake.Client.PostAsync($"/api/intake/{filed.Id}/request-correction", new { items = new[] { "x" } })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ACorrectionRequestIsScheduledAndTheApplicantsFixReturnsTheCaseToTheQueue()
    {
        var filed = await api.FileCaseAsync();
        var intake = await IntakeAsync();
        await (
            await intake.Client.PostAsync(
                $"/api/intake/{filed.Id}/request-correction",
                new { items = Array.Empty<string>() }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "补正的事项");
        await (
            await intake.Client.PostAsync(
                $"/api/intake/{filed.Id}/request-correction",
                new { items = new[] { "x" }, deadline = DateTime.UtcNow.AddDays(-1) }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "晚于当前时间");

        var asked = await intake
            .Client.PostAsync(
                $"/api/intake/{filed.Id}/request-correction",
                new { items = new[] { "请补充被申请人的联系电话", "请说明堆放杂物的时间" } }
            )
            .OkJsonAsync();

        asked.GetProperty("status").GetString().Should().Be("NeedsCorrection");
        var correction = api.WithDb(db => db.CorrectionRequests.AsNoTracking().Single(c => c.DisputeId == filed.Id));
        correction.Deadline.Should().BeCloseTo(api.Clock.GetUtcNow().UtcDateTime.AddDays(7), TimeSpan.FromSeconds(1));
        correction.JobId.Should().NotBeNullOrEmpty();
        NotificationsFor(filed.Id).Single().Body.Should().Contain("请补充被申请人的联系电话");
        var timeline = await filed.Citizen.GetAsync($"/api/disputes/{filed.Id}/timeline").OkJsonAsync();
        timeline
            .GetProperty("items")
            .EnumerateArray()
            .Last()
            .GetProperty("note")
            .GetString()
            .Should()
            .Contain("期限至")
            .And.Contain("请说明堆放杂物的时间");
        var queued = await intake.Client.GetAsync($"/api/intake?status=NeedsCorrection").OkJsonAsync();
        queued
            .GetProperty("items")
            .EnumerateArray()
            .Single(i => i.GetProperty("id").GetGuid() == filed.Id)
            .GetProperty("correctionDeadline")
            .GetDateTime()
            .Should()
            .BeCloseTo(correction.Deadline, TimeSpan.FromSeconds(1));

        var application = await Applications.ValidAsync(filed.Citizen);
        application["facts"] = "邻居李四自2025年3月起在两家之间的通道上堆放杂物，多次协商未果。";
        application["note"] = "已补充时间";
        var invalid = application.DeepClone().AsObject();
        invalid["facts"] = "太短";
        await (await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", invalid)).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "纠纷简要情况"
        );
        var stranger = await api.CitizenAsync("x-" + Guid.NewGuid());
        await (await stranger.PutAsJsonAsync($"/api/disputes/{filed.Id}", application)).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );

        var fixedCase = await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", application).OkJsonAsync();

        fixedCase.GetProperty("status").GetString().Should().Be("Submitted");
        fixedCase.GetProperty("facts").GetString().Should().Contain("2025年3月");
        api.WithDb(db => db.CorrectionRequests.AsNoTracking().Single(c => c.DisputeId == filed.Id).Outcome)
            .Should()
            .Be("Resubmitted");
        api.WithDb(db => db.Notifications.Count(n => n.RecipientId == intake.Id && n.Kind == "CorrectionSubmitted"))
            .Should()
            .Be(1);
        api.WithDb(db =>
                db.OutboxMessages.Count(o =>
                    o.RecipientId == intake.Id && o.DedupeKey.StartsWith("correction-submitted:")
                )
            )
            .Should()
            .Be(1, "the notice goes through the outbox like every other, so the staff member's own channels apply");
        await (await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", application)).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "补正"
        );
        (await intake.Client.PostAsync($"/api/intake/{filed.Id}/accept")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ATransferMovesTheCaseToTheReceivingQueueAndKeepsTheLineage()
    {
        var filed = await api.FileCaseAsync("WD-ZJC-XC");
        var xc = await IntakeAsync("WD-ZJC-XC");
        var dc = await IntakeAsync("WD-ZJC-DC");
        await (
            await xc.Client.PostAsync(
                $"/api/intake/{filed.Id}/transfer",
                new { toBodyId = api.BodyId("WD-ZJC-XC"), reason = "自己" }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "本组织");
        await (
            await xc.Client.PostAsync($"/api/intake/{filed.Id}/transfer", new { reason = "没有选组织" })
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "请选择接收案件的调解组织");
        await (
            await xc.Client.PostAsync(
                $"/api/intake/{filed.Id}/transfer",
                new { toBodyId = Guid.NewGuid(), reason = "x" }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "不存在");

        var moved = await xc
            .Client.PostAsync(
                $"/api/intake/{filed.Id}/transfer",
                new { toBodyId = api.BodyId("WD-ZJC-DC"), reason = "纠纷发生地在东村" }
            )
            .OkJsonAsync();

        moved.GetProperty("status").GetString().Should().Be("Transferred");
        await (await xc.Client.GetAsync($"/api/intake/{filed.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var detail = await dc.Client.GetAsync($"/api/intake/{filed.Id}").OkJsonAsync();
        var step = detail.GetProperty("lineage").EnumerateArray().Single();
        step.GetProperty("fromBodyName").GetString().Should().Be("张家产镇西村人民调解委员会");
        step.GetProperty("toBodyName").GetString().Should().Be("张家产镇东村人民调解委员会");
        step.GetProperty("reason").GetString().Should().Be("纠纷发生地在东村");
        NotificationsFor(filed.Id).Single().Body.Should().Contain("移送至张家产镇东村人民调解委员会");

        (await dc.Client.PostAsync($"/api/intake/{filed.Id}/accept")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task EscalatingSendsTheCaseToTheParentBodyAndTheCityHasNoneAbove()
    {
        var filed = await api.FileCaseAsync("WD-ZJC-XC");
        var village = await IntakeAsync("WD-ZJC-XC");
        var town = await IntakeAsync("WD-ZJC");
        var county = await IntakeAsync("WD");
        var city = await IntakeAsync("WH");

        (await village.Client.PostAsync($"/api/intake/{filed.Id}/escalate", new { reason = "案情复杂" }).OkJsonAsync())
            .GetProperty("bodyId")
            .GetGuid()
            .Should()
            .Be(api.BodyId("WD-ZJC"));
        (await town.Client.PostAsync($"/api/intake/{filed.Id}/escalate", new { reason = "涉及多个村" }).OkJsonAsync())
            .GetProperty("bodyId")
            .GetGuid()
            .Should()
            .Be(api.BodyId("WD"));
        (await county.Client.PostAsync($"/api/intake/{filed.Id}/escalate", new { reason = "重大纠纷" }).OkJsonAsync())
            .GetProperty("bodyId")
            .GetGuid()
            .Should()
            .Be(api.BodyId("WH"));
        await (
            await city.Client.PostAsync($"/api/intake/{filed.Id}/escalate", new { reason = "再上报" })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "最高层级");
        await (
            await city.Client.PostAsync($"/api/intake/{filed.Id}/escalate", new { reason = "" })
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "上报理由");

        var lineage = (await city.Client.GetAsync($"/api/intake/{filed.Id}").OkJsonAsync())
            .GetProperty("lineage")
            .EnumerateArray()
            .ToList();
        lineage.Select(l => l.GetProperty("kind").GetString()).Should().Equal("Escalated", "Escalated", "Escalated");
        lineage
            .Select(l => l.GetProperty("toBodyId").GetGuid())
            .Should()
            .Equal(api.BodyId("WD-ZJC"), api.BodyId("WD"), api.BodyId("WH"));
    }

    [Fact]
    public async Task OneStaffMemberHoldsACaseAtATime()
    {
        var filed = await api.FileCaseAsync();
        var alice = await IntakeAsync();
        var bob = await IntakeAsync();

        var claim = await alice.Client.PostAsync($"/api/intake/{filed.Id}/claim").OkJsonAsync();
        claim.GetProperty("staffId").GetGuid().Should().Be(alice.Id);
        (await bob.Client.GetAsync("/api/intake").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Single(i => i.GetProperty("id").GetGuid() == filed.Id)
            .GetProperty("claim")
            .GetProperty("staffId")
            .GetGuid()
            .Should()
            .Be(alice.Id);
        await (await bob.Client.PostAsync($"/api/intake/{filed.Id}/claim")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "测试员"
        );
        await (await bob.Client.PostAsync($"/api/intake/{filed.Id}/accept")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "认领"
        );
        await (await bob.Client.PostAsync($"/api/intake/{filed.Id}/release")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "认领人"
        );
        (await alice.Client.PostAsync($"/api/intake/{filed.Id}/claim")).StatusCode.Should().Be(HttpStatusCode.OK); // renewing one's own claim

        (await alice.Client.PostAsync($"/api/intake/{filed.Id}/release"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NoContent);
        await (await alice.Client.PostAsync($"/api/intake/{filed.Id}/release")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "没有人认领"
        );
        (await bob.Client.PostAsync($"/api/intake/{filed.Id}/claim")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await bob.Client.PostAsync($"/api/intake/{filed.Id}/accept")).StatusCode.Should().Be(HttpStatusCode.OK);
        api.WithDb(db => db.IntakeClaims.Any(c => c.DisputeId == filed.Id)).Should().BeFalse(); // a decision ends the claim
    }
}

public sealed class DecisionTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : DecisionTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class DecisionTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : DecisionTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
