using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Tests.Intake;

public abstract class AssignmentTests(ApiFactory api)
{
    private async Task<(IntakeHarness.Filed Filed, Staff Intake)> AcceptedCaseAsync(
        Guid? preferredMediator = null,
        string typeCode = "neighbourhood"
    )
    {
        var filed = await api.FileCaseAsync("WD-ZJC-XC", app =>
        {
            app["preferredMediatorId"] = preferredMediator?.ToString();
            app["typeCode"] = typeCode;
        });
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        (await intake.Client.PostAsync($"/api/intake/{filed.Id}/accept")).StatusCode.Should().Be(HttpStatusCode.OK);
        return (filed, intake);
    }

    private Task<Staff> MediatorAsync(
        string name = "调解员甲",
        string? phone = null,
        string? idNumber = null,
        int max = 20,
        List<string>? types = null
    ) => api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator], name, phone, idNumber, max, types);

    [Fact]
    public async Task WithNoMediatorNamedTheApplicantsPreferredMediatorIsAssignedAndTold()
    {
        var preferred = await MediatorAsync("老周");
        var (filed, intake) = await AcceptedCaseAsync(preferred.Id);

        var assigned = await intake
            .Client.PostAsync($"/api/intake/{filed.Id}/assign", new { mediatorIds = Array.Empty<Guid>() })
            .OkJsonAsync();

        assigned.GetProperty("status").GetString().Should().Be("MediatorAssigned");
        api.WithDb(db => db.DisputeMediators.Single(m => m.DisputeId == filed.Id).StaffUserId)
            .Should()
            .Be(preferred.Id);
        api.WithDb(db =>
                db.Notifications.Count(n =>
                    n.CaseId == filed.Id && n.RecipientId == preferred.Id && n.RecipientKind == "staff"
                )
            )
            .Should()
            .Be(1);
        api.WithDb(db =>
                db.Notifications.Single(n =>
                    n.CaseId == filed.Id && n.Kind == "MediatorAssigned" && n.RecipientKind == "citizen"
                ).Body
            )
            .Should()
            .Contain("老周");
        await (
            await intake.Client.PostAsync(
                $"/api/intake/{filed.Id}/assign",
                new { mediatorIds = new[] { preferred.Id } }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "已指派调解员");
    }

    [Fact]
    public async Task PassingOverAnAvailablePreferredMediatorNeedsAReason()
    {
        var preferred = await MediatorAsync("老周");
        var other = await MediatorAsync("小李");
        var (filed, intake) = await AcceptedCaseAsync(preferred.Id);

        await (
            await intake.Client.PostAsync($"/api/intake/{filed.Id}/assign", new { mediatorIds = new[] { other.Id } })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "老周");
        (
            await intake.Client.PostAsync(
                $"/api/intake/{filed.Id}/assign",
                new { mediatorIds = new[] { other.Id }, note = "老周本周外出培训" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AMediatorWithoutPreferenceMustBeNamed()
    {
        var (filed, intake) = await AcceptedCaseAsync();
        await (await intake.Client.PostAsync($"/api/intake/{filed.Id}/assign", new { })).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "至少指派一名调解员"
        );
        var submitted = await api.FileCaseAsync("WD-ZJC-XC");
        var mediator = await MediatorAsync();
        await (
            await intake.Client.PostAsync(
                $"/api/intake/{submitted.Id}/assign",
                new { mediatorIds = new[] { mediator.Id } }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "待受理");
    }

    [Fact]
    public async Task AMediatorWhoSharesAPhoneOrIdNumberWithAPartyIsRefused()
    {
        var samePhone = await MediatorAsync("李某亲属", phone: Applications.RespondentPhone);
        var samePerson = await MediatorAsync("李四本人", idNumber: Applications.RespondentId);
        var (filed, intake) = await AcceptedCaseAsync();

        await (
            await intake.Client.PostAsync(
                $"/api/intake/{filed.Id}/assign",
                new { mediatorIds = new[] { samePhone.Id } }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "手机号码相同");
        await (
            await intake.Client.PostAsync(
                $"/api/intake/{filed.Id}/assign",
                new { mediatorIds = new[] { samePerson.Id } }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "身份证号码相同");
        api.Status(filed.Id).Should().Be("Accepted");
    }

    [Fact]
    public async Task AMediatorAtCapacityOrForOtherTypesOrElsewhereIsRefused()
    {
        var busy = await MediatorAsync("忙碌", max: 1);
        var (first, intake) = await AcceptedCaseAsync();
        (await intake.Client.PostAsync($"/api/intake/{first.Id}/assign", new { mediatorIds = new[] { busy.Id } }))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        var (second, _) = await AcceptedCaseAsync();
        await (
            await intake.Client.PostAsync($"/api/intake/{second.Id}/assign", new { mediatorIds = new[] { busy.Id } })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "已达上限 1 件");

        var labourOnly = await MediatorAsync("劳动专员", types: ["labour"]);
        await (
            await intake.Client.PostAsync(
                $"/api/intake/{second.Id}/assign",
                new { mediatorIds = new[] { labourOnly.Id } }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "邻里纠纷");
        var elsewhere = await api.NewStaffAsync("WD-ZT", [StaffRoles.Mediator], "泽头调解员");
        await (
            await intake.Client.PostAsync(
                $"/api/intake/{second.Id}/assign",
                new { mediatorIds = new[] { elsewhere.Id } }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "不属于");
        await (
            await intake.Client.PostAsync($"/api/intake/{second.Id}/assign", new { mediatorIds = new[] { intake.Id } })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "不是调解员");
    }

    [Fact]
    public async Task APartysObjectionSendsTheCaseBackAndBarsThatMediator()
    {
        var first = await MediatorAsync("被回避者");
        var second = await MediatorAsync("接替者");
        var (filed, intake) = await AcceptedCaseAsync();
        (await intake.Client.PostAsync($"/api/intake/{filed.Id}/assign", new { mediatorIds = new[] { first.Id } }))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        var stranger = await api.CitizenAsync("s-" + Guid.NewGuid());
        await (
            await stranger.PostAsJsonAsync($"/api/disputes/{filed.Id}/mediator-objection", new { reason = "x" })
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (
            await filed.Citizen.PostAsJsonAsync($"/api/disputes/{filed.Id}/mediator-objection", new { reason = "" })
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "回避的理由");

        (
            await filed.Citizen.PostAsJsonAsync(
                $"/api/disputes/{filed.Id}/mediator-objection",
                new { reason = "调解员与被申请人是亲戚" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.NoContent);

        api.Status(filed.Id).Should().Be("Accepted");
        api.WithDb(db => db.DisputeMediators.AsNoTracking().Single(m => m.DisputeId == filed.Id).RemovedReason)
            .Should()
            .Be("当事人申请回避");
        api.WithDb(db => db.Notifications.Count(n => n.RecipientId == first.Id && n.Kind == "MediatorObjection"))
            .Should()
            .Be(1);
        api.WithDb(db =>
                db.OutboxMessages.Count(o => o.RecipientId == first.Id && o.DedupeKey.StartsWith("mediator-objection:"))
            )
            .Should()
            .Be(1, "the notice goes through the outbox like every other, so the mediator's own channels apply");
        (await intake.Client.GetAsync("/api/intake?status=Accepted").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid())
            .Should()
            .Contain(filed.Id);
        await (
            await filed.Citizen.PostAsJsonAsync($"/api/disputes/{filed.Id}/mediator-objection", new { reason = "再次" })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (
            await intake.Client.PostAsync($"/api/intake/{filed.Id}/assign", new { mediatorIds = new[] { first.Id } })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "回避");
        (await intake.Client.PostAsync($"/api/intake/{filed.Id}/assign", new { mediatorIds = new[] { second.Id } }))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task InternalNotesAreForStaffAndAssignedMediatorsOnly()
    {
        var mediator = await MediatorAsync("记录员");
        var (filed, intake) = await AcceptedCaseAsync();
        (await intake.Client.PostAsync($"/api/intake/{filed.Id}/notes", new { text = "申请人情绪激动，建议现场调解" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);
        await (await intake.Client.PostAsync($"/api/intake/{filed.Id}/notes", new { text = "" })).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "备注"
        );
        await (await mediator.Client.GetAsync($"/api/intake/{filed.Id}/notes")).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        (await intake.Client.PostAsync($"/api/intake/{filed.Id}/assign", new { mediatorIds = new[] { mediator.Id } }))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        (await mediator.Client.PostAsync($"/api/intake/{filed.Id}/notes", new { text = "已电话联系被申请人" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);
        var notes = await intake.Client.GetAsync($"/api/intake/{filed.Id}/notes").OkJsonAsync();
        notes
            .EnumerateArray()
            .Select(n => n.GetProperty("text").GetString())
            .Should()
            .Equal("申请人情绪激动，建议现场调解", "已电话联系被申请人");
        (await intake.Client.GetAsync($"/api/intake/{filed.Id}").OkJsonAsync())
            .GetProperty("notes")
            .GetArrayLength()
            .Should()
            .Be(2);
        await (await filed.Citizen.GetAsync($"/api/intake/{filed.Id}/notes")).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden
        );
        (await filed.Citizen.GetAsync($"/api/disputes/{filed.Id}").OkJsonAsync())
            .GetRawText()
            .Should()
            .NotContain("情绪激动");
    }
}

public sealed class AssignmentTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : AssignmentTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class AssignmentTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : AssignmentTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
