using System.Text.Json.Nodes;

namespace Mediation.Api.Tests.Intake;

/// <summary>Staff registration (POST /api/intake/cases) for the tests of every feature that needs a registered
/// case.</summary>
public static class Registrations
{
    public const string Court = "威海市文登区人民法院";

    /// <summary>A court's 诉前调解 referral received on that day (its 30 days by default), or another unit's.</summary>
    public static JsonObject CourtReferral(string receivedOn, string unit = Court) =>
        new()
        {
            ["unitName"] = unit,
            ["contact"] = "立案庭 王法官 0631-8451234",
            ["documentNumber"] = "(2026)鲁1003民诉前调1234号",
            ["receivedOn"] = receivedOn,
        };

    /// <summary>The citizen's application, reshaped as a clerk registers it: a source, the legal texts' signing,
    /// no mini-program acknowledgements.</summary>
    public static async Task<JsonObject> RegistrationAsync(
        HttpClient client,
        string bodyCode,
        string source,
        JsonObject? referral = null,
        string? respondentPhone = null
    )
    {
        var body = respondentPhone is null
            ? await Applications.ValidAsync(client, bodyCode)
            : await Applications.ValidAsync(client, bodyCode, respondentPhone);
        body.Remove("rightsNotice");
        body.Remove("creditCommitment");
        body["source"] = source;
        body["legalTexts"] = "SignedOnPaper";
        if (referral is not null)
            body["referral"] = referral;
        return body;
    }

    public static Task<HttpResponseMessage> RegisterAsync(HttpClient client, JsonObject body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/intake/cases")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> RegisterOkAsync(this HttpClient client, JsonObject body)
    {
        var response = await RegisterAsync(client, body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
