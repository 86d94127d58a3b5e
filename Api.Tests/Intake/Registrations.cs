using System.Text.Json.Nodes;

namespace Mediation.Api.Tests.Intake;

/// <summary>Staff registration (POST /api/intake/cases) for the tests of every feature that needs a registered
/// case.</summary>
public static class Registrations
{
    /// <summary>The citizen's application, reshaped as a clerk registers it: a source, the legal texts' signing,
    /// no mini-program acknowledgements.</summary>
    public static async Task<JsonObject> RegistrationAsync(
        HttpClient client,
        string bodyCode,
        string source,
        JsonObject? referral = null
    )
    {
        var body = await Applications.ValidAsync(client, bodyCode);
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
}
