using Mediation.Api.Sessions;
using Mediation.Api.Tests.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Sessions;

/// <summary>A party offered a time that does not suit picks another from the times the mediator is actually
/// free.</summary>
public abstract class FreeSlotTests(SessionsFactory api)
{
    [Fact]
    public async Task APartySeesTheMediatorsFreeTimesWithinTheirHoursAndNotClashingWithTheirSessions()
    {
        var c = await api.CaseWithMediatorAsync();
        var sessionId = await api.ProposedSessionAsync(c, "09:00", "12:00");
        var proposed = (await c.Citizen.GetFromJsonAsync<JsonElement>($"/api/disputes/{c.Id}/sessions"))
            .GetProperty("items")[0]
            .GetProperty("startsAt")
            .GetDateTime();

        var slots = (await c.Citizen.GetAsync($"/api/sessions/{sessionId}/free-slots").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .ToList();

        slots.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(SessionCounter.MaxFreeSlots);
        foreach (var slot in slots)
        {
            var startsAt = slot.GetProperty("startsAt").GetDateTime();
            var local = startsAt.AddHours(8);
            local.TimeOfDay.Should().BeGreaterThanOrEqualTo(TimeSpan.FromHours(9));
            (local.TimeOfDay + TimeSpan.FromMinutes(60)).Should().BeLessThanOrEqualTo(TimeSpan.FromHours(12));
            startsAt.Should().NotBe(proposed, "the time already proposed is not another time");
            startsAt.Should().BeAfter(api.Now());
            slot.GetProperty("startsAtLocal").GetString().Should().Contain(local.ToString("HH:mm"));
        }

        // the mediator's session on another case takes a slot away
        var taken = slots[^1].GetProperty("startsAt").GetDateTime();
        var other = c with { Id = await api.AnotherCaseOfAsync(c.Mediator) };
        await other.ScheduleOkAsync(taken, []);
        var after = (await c.Citizen.GetAsync($"/api/sessions/{sessionId}/free-slots").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("startsAt").GetDateTime())
            .ToList();
        after.Should().NotContain(t => t < taken.AddMinutes(60 + 15) && t.AddMinutes(60 + 15) > taken);
    }

    [Fact]
    public async Task AStrangerGetsNotFoundAndAFixedSessionOffersNoOtherTimes()
    {
        var c = await api.CaseWithMediatorAsync();
        var sessionId = await api.ProposedSessionAsync(c, "09:00", "12:00");
        var stranger = await api.CitizenAsync("stranger-" + Guid.NewGuid());

        (await stranger.GetAsync($"/api/sessions/{sessionId}/free-slots"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);

        var scheduled = await c.ScheduleOkAsync(api.Now().AddDays(20));
        var refused = await c.Citizen.GetAsync($"/api/sessions/{scheduled}/free-slots");
        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }
}

public sealed class FreeSlotTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : FreeSlotTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;
