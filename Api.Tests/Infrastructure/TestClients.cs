using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Mediation.Api.Tests.Infrastructure;

public static class TestClients
{
    public static async Task<HttpClient> CitizenAsync(this ApiFactory api, string openId)
    {
        var client = api.CreateClient();
        var response = await client.PostAsJsonAsync(
            "/api/auth/wechat",
            new { code = api.WeChat.IssueLoginCode(openId) }
        );
        response.EnsureSuccessStatusCode();
        var login = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            login.GetProperty("token").GetString()
        );
        return client;
    }

    public static async Task<HttpClient> StaffAsync(this ApiFactory api, string username, string password)
    {
        var client = api.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/staff", new { username, password });
        response.EnsureSuccessStatusCode();
        var login = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            login.GetProperty("token").GetString()
        );
        return client;
    }

    public static Task<HttpResponseMessage> FileAsync(
        this HttpClient client,
        JsonNode application,
        string? idempotencyKey = null
    )
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/disputes")
        {
            Content = JsonContent.Create(application),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> FileOkAsync(this HttpClient client, JsonNode application)
    {
        var response = await client.FileAsync(application);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}

/// <summary>Valid application bodies, built from what the service publishes (legal texts, bodies, types).</summary>
public static class Applications
{
    public const string ApplicantId = "371081198005011235";
    public const string RespondentId = "371081197503124561";
    public const string RespondentCompanyCode = "91371081MA3C12345T";
    public const string ApplicantPhone = "13800138000";
    public const string RespondentPhone = "13900139000";

    public static async Task<JsonObject> ValidAsync(
        HttpClient client,
        string bodyCode = "WD-ZJC-XC",
        string respondentPhone = RespondentPhone
    )
    {
        var rights = await client.GetFromJsonAsync<JsonElement>("/api/legal-texts/rights-notice");
        var commitment = await client.GetFromJsonAsync<JsonElement>("/api/legal-texts/credit-commitment");
        var bodies = await client.GetFromJsonAsync<JsonElement>("/api/bodies");
        var bodyId = bodies
            .EnumerateArray()
            .Single(b => b.GetProperty("code").GetString() == bodyCode)
            .GetProperty("id")
            .GetString();
        return new JsonObject
        {
            ["applicant"] = new JsonObject
            {
                ["name"] = "张三",
                ["gender"] = "Male",
                ["ethnicity"] = "汉族",
                ["birthDate"] = "1980-05-01",
                ["idNumber"] = ApplicantId,
                ["phone"] = ApplicantPhone,
                ["address"] = "山东省威海市文登区张家产镇西村12号",
                ["occupation"] = "农民",
            },
            ["respondents"] = new JsonArray(
                new JsonObject
                {
                    ["kind"] = "Person",
                    ["name"] = "李四",
                    ["idNumber"] = RespondentId,
                    ["phone"] = respondentPhone,
                    ["address"] = "张家产镇西村14号",
                },
                new JsonObject
                {
                    ["kind"] = "Organization",
                    ["name"] = "某某物业服务有限公司",
                    ["creditCode"] = RespondentCompanyCode,
                    ["legalRepresentative"] = "王五",
                    ["phone"] = "13700137000",
                    ["address"] = "文登区龙山路1号",
                }
            ),
            ["thirdParties"] = new JsonArray(),
            ["typeCode"] = "neighbourhood",
            ["facts"] = "邻居李四在两家之间的通道上堆放杂物，多次协商未果。",
            ["claims"] = "请求清除杂物，恢复通行。",
            ["amountFen"] = 500000,
            ["bodyId"] = bodyId,
            ["preferredMode"] = "Phone",
            ["preferredMediatorId"] = null,
            ["rightsNotice"] = new JsonObject
            {
                ["version"] = rights.GetProperty("version").GetString(),
                ["sha256"] = rights.GetProperty("sha256").GetString(),
                ["acknowledged"] = true,
            },
            ["creditCommitment"] = new JsonObject
            {
                ["version"] = commitment.GetProperty("version").GetString(),
                ["sha256"] = commitment.GetProperty("sha256").GetString(),
                ["signed"] = true,
            },
        };
    }
}
