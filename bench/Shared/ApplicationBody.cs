using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mediation.Bench;

/// <summary>A valid application, built like the mini-program builds it: from the published legal texts and
/// bodies.</summary>
public static class ApplicationBody
{
    public static async Task<byte[]> CreateAsync(HttpClient client)
    {
        var rights = await client.GetFromJsonAsync<JsonElement>("/api/legal-texts/rights-notice");
        var commitment = await client.GetFromJsonAsync<JsonElement>("/api/legal-texts/credit-commitment");
        var bodies = await client.GetFromJsonAsync<JsonElement>("/api/bodies");
        var bodyId = bodies
            .EnumerateArray()
            .Single(b => b.GetProperty("code").GetString() == "WD-ZJC-XC")
            .GetProperty("id")
            .GetString();
        var application = new JsonObject
        {
            ["applicant"] = new JsonObject
            {
                ["name"] = "张三",
                ["gender"] = "Male",
                ["ethnicity"] = "汉族",
                ["birthDate"] = "1980-05-01",
                ["idNumber"] = "371081198005011235",
                ["phone"] = "13800138000",
                ["address"] = "山东省威海市文登区张家产镇西村12号",
                ["occupation"] = "农民",
            },
            ["respondents"] = new JsonArray(
                new JsonObject
                {
                    ["kind"] = "Person",
                    ["name"] = "李四",
                    ["idNumber"] = "371081197503124561",
                    ["phone"] = "13900139000",
                    ["address"] = "张家产镇西村14号",
                },
                new JsonObject
                {
                    ["kind"] = "Organization",
                    ["name"] = "某某物业服务有限公司",
                    ["creditCode"] = "91371081MA3C12345T",
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
            ["rightsNotice"] = Text(rights, "acknowledged"),
            ["creditCommitment"] = Text(commitment, "signed"),
        };
        return JsonSerializer.SerializeToUtf8Bytes(application);
    }

    private static JsonObject Text(JsonElement text, string flag) =>
        new()
        {
            ["version"] = text.GetProperty("version").GetString(),
            ["sha256"] = text.GetProperty("sha256").GetString(),
            [flag] = true,
        };
}
