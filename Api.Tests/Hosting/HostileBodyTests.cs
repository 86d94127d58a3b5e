using System.Text;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Hosting;

/// <summary>Bodies with nulls where lists were expected are refused with 400 naming the field, never answered with a
/// 500.</summary>
public sealed class HostileBodyTests(ApiHost<SqliteDatabase> api) : IClassFixture<ApiHost<SqliteDatabase>>
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task ShouldNameFieldAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(text);
    }

    [Theory]
    [InlineData("{\"channelOrder\": null}", "channelOrder")]
    [InlineData("{}", "channelOrder")]
    [InlineData("{\"channelOrder\": [null]}", "channelOrder[0]")]
    public async Task ANullChannelOrderIsRefusedWith400(string body, string field)
    {
        var citizen = await api.CitizenAsync("pref-" + Guid.NewGuid());
        await ShouldNameFieldAsync(await citizen.PutAsync("/api/me/notification-preferences", Json(body)), field);
    }

    [Theory]
    [InlineData("{\"results\": null}")]
    [InlineData("{}")]
    public async Task NullSubscriptionResultsAreRefusedWith400(string body)
    {
        var citizen = await api.CitizenAsync("sub-" + Guid.NewGuid());
        await ShouldNameFieldAsync(await citizen.PostAsync("/api/me/subscriptions", Json(body)), "results");
    }

    [Theory]
    [InlineData("{\"weeklyHours\": null}", "weeklyHours")]
    [InlineData("{\"weeklyHours\": [null]}", "weeklyHours[0]")]
    public async Task NullWorkingHoursAreRefusedWith400(string body, string field)
    {
        var mediator = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator]);
        await ShouldNameFieldAsync(await mediator.Client.PutAsync("/api/mediator/availability", Json(body)), field);
    }

    [Theory]
    [InlineData("[null]", "obligations[0]")]
    [InlineData("[{\"instalments\": [null]}]", "obligations[0].instalments[0]")]
    public async Task NullObligationsOrInstalmentsAreRefusedWith400(string obligations, string field)
    {
        var mediator = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator]);
        var body =
            $"{{\"kind\":\"Written\",\"facts\":\"事实\",\"responsibilities\":\"责任\",\"terms\":\"内容\",\"obligations\":{obligations}}}";
        await ShouldNameFieldAsync(
            await mediator.Client.PostAsync($"/api/disputes/{Guid.NewGuid()}/agreement", Json(body)),
            field
        );
    }
}
