using System.Text.Json.Nodes;

namespace Mediation.Api.Tests.Hosting;

/// <summary>The published contract says what a client must send and, in Chinese, what each field means.</summary>
public sealed class OpenApiDocumentTests(ApiHost<SqliteDatabase> api) : IClassFixture<ApiHost<SqliteDatabase>>
{
    private async Task<JsonObject> SchemasAsync() =>
        JsonNode.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"))!["components"]![
            "schemas"
        ]!.AsObject();

    private static List<string> Required(JsonObject schemas, string name) =>
        (schemas[name]!["required"] as JsonArray ?? []).Select(x => (string)x!).ToList();

    [Fact]
    public async Task OnlyWhatTheServiceRequiresIsMarkedRequired()
    {
        var schemas = await SchemasAsync();

        Required(schemas, "CreateDisputeRequest")
            .Should()
            .Contain(["applicant", "respondents", "typeCode", "facts", "claims", "preferredMode", "creditCommitment"])
            .And.NotContain(["thirdParties", "amountFen", "bodyId", "place", "preferredMediatorId"]);
        Required(schemas, "SignRequest").Should().Equal("sha256");
        Required(schemas, "PartyInput")
            .Should()
            .NotContain(["gender", "ethnicity", "birthDate", "creditCode", "legalRepresentative"]);
        Required(schemas, "WorkPeriod")
            .Should()
            .BeEquivalentTo(["day", "from", "to"], "a work period's fields cannot be null");
        Required(schemas, "DisputeResponse")
            .Should()
            .Contain(["id", "applicationNumber", "status"])
            .And.NotContain(
                ["place", "preferredMediatorId", "caseNumber"],
                "a case has no number until it is accepted"
            );
    }

    [Fact]
    public async Task EveryPropertyOfEverySchemaHasAChineseDescription()
    {
        var schemas = await SchemasAsync();

        var undescribed = schemas
            .SelectMany(s =>
                (s.Value!["properties"] as JsonObject ?? []).Select(p =>
                    (Schema: s.Key, Property: p.Key, Description: (string?)p.Value!["description"])
                )
            )
            .Where(p =>
                p.Description is null || !System.Text.RegularExpressions.Regex.IsMatch(p.Description, "[\u4e00-\u9fff]")
            )
            .Select(p => $"{p.Schema}.{p.Property}")
            .ToList();
        undescribed.Should().BeEmpty();
        ((string?)schemas["DisputeStatus"]!["description"]).Should().Contain("调解中");
    }
}
