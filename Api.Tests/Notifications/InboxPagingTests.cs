using Mediation.Api.Notifications;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Notifications;

/// <summary>The inbox tab reads its notices page by page, newest first, and its badge is the unread count.</summary>
public abstract class InboxPagingTests(ApiFactory api)
{
    private async Task<(HttpClient Citizen, List<Guid> NewestFirst)> InboxOfAsync(int count)
    {
        var citizen = await api.CitizenAsync("c-" + Guid.NewGuid());
        var me = (await citizen.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
        var at = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var rows = Enumerable
            .Range(0, count)
            // two notices share each time, so that the id has to break the tie
            .Select(i => Notification.ToCitizen(me, "Test", $"消息{i}", "正文", null, at.AddMinutes(i / 2)))
            .ToList();
        await api.WithDbAsync(async db =>
        {
            db.Notifications.AddRange(rows);
            await db.SaveChangesAsync();
        });
        return (
            citizen,
            rows.OrderByDescending(r => r.CreatedAt)
                .ThenByDescending(r => r.Id.ToString("D"))
                .Select(r => r.Id)
                .ToList()
        );
    }

    [Fact]
    public async Task TheInboxIsReadPageByPageNewestFirstWithoutRepeatsOrGaps()
    {
        var (citizen, expected) = await InboxOfAsync(7);
        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await citizen
                .GetAsync("/api/me/notifications?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"))
                .OkJsonAsync();
            page.GetProperty("unread").GetInt32().Should().Be(7);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null && pages < 10);

        pages.Should().Be(3);
        seen.Should().Equal(expected);
    }

    [Fact]
    public async Task ReadingANoticeLowersTheUnreadCountAndUnreadOnlyPagesTheRest()
    {
        var (citizen, expected) = await InboxOfAsync(4);
        (await citizen.PostAsync($"/api/me/notifications/{expected[0]}/read"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NoContent);

        var unread = await citizen.GetAsync("/api/me/notifications?unreadOnly=true&limit=2").OkJsonAsync();

        unread.GetProperty("unread").GetInt32().Should().Be(3);
        unread
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid())
            .Should()
            .Equal(expected[1], expected[2]);
        unread.GetProperty("nextCursor").GetString().Should().NotBeNull();
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task ABadPageRequestIsRefusedOnItsParameter(string query, string field)
    {
        var citizen = await api.CitizenAsync("c-" + Guid.NewGuid());

        var refused = await citizen.GetAsync($"/api/me/notifications?{query}");

        await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("errors")
            .EnumerateObject()
            .Select(e => e.Name)
            .Should()
            .Equal(field);
    }
}

public sealed class InboxPagingTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : InboxPagingTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class InboxPagingTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : InboxPagingTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
