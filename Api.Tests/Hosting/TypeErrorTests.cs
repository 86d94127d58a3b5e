using System.Text.Json.Nodes;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Hosting;

/// <summary>A value of the wrong type is refused like a value that breaks a rule: 400 problem+json with `errors` keyed
/// by the field's path.</summary>
public sealed class TypeErrorTests(ApiHost<SqliteDatabase> api) : IClassFixture<ApiHost<SqliteDatabase>>
{
    public static TheoryData<string, JsonNode?, string, string> WrongTypes =>
        new()
        {
            // field path, JSON value sent, errors key, words in the message
            { "typeCode", 123, "typeCode", "文本" },
            { "preferredMode", "Fax", "preferredMode", "可选" },
            { "bodyId", "not-a-guid", "bodyId", "GUID" },
            { "amountFen", "五千", "amountFen", "整数" },
            { "applicant.birthDate", "1980-13-01", "applicant.birthDate", "YYYY-MM-DD" },
            { "respondents[0].kind", "Alien", "respondents[0].kind", "Person" },
            { "rightsNotice.acknowledged", "yes", "rightsNotice.acknowledged", "true 或 false" },
            { "respondents", new JsonObject(), "respondents", "列表" },
        };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task AValueOfTheWrongTypeIsA400NamingTheFieldInChinese(
        string path,
        JsonNode? value,
        string key,
        string words
    )
    {
        var citizen = await api.CitizenAsync("type-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        Set(application, path, value);

        var response = await citizen.FileAsync(application);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = (await response.JsonAsync()).GetProperty("errors");
        errors.TryGetProperty(key, out var messages).Should().BeTrue(text);
        messages[0].GetString().Should().Contain(words).And.MatchRegex("[\u4e00-\u9fff]");
    }

    [Fact]
    public async Task AQueryValueThatDoesNotParseIsA400NamingTheParameter()
    {
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);

        var response = await intake.Client.GetAsync("/api/intake?limit=many");

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.JsonAsync()).GetProperty("errors").GetProperty("limit")[0].GetString().Should().Contain("整数");
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        JsonNode node = root;
        var parts = path.Replace("]", "").Split('.', '[');
        for (var i = 0; i < parts.Length - 1; i++)
            node = int.TryParse(parts[i], out var index) ? node[index]! : node[parts[i]]!;
        if (int.TryParse(parts[^1], out var last))
            node[last] = value;
        else
            node[parts[^1]] = value;
    }
}
