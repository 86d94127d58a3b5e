using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mediation.Bench.RoomDelivery;

/// <summary>One participant of a room: whose token, and which instance its socket goes to.</summary>
internal sealed record Seat(string Token, string Role, int Instance);

internal sealed record BenchRoom(int Index, Guid Id, IReadOnlyList<Seat> Seats);

/// <summary>
/// Makes the rooms through the API, as the mini-program and the console do: per room one case filed by a citizen
/// (the development WeChat stand-in, <c>dev:&lt;name&gt;</c>), accepted, assigned to three mediators (a mediator and two
/// co-mediators, from a pool), and a respondent who binds the phone the applicant named. The joint room then holds
/// five participants: applicant, respondent and the three mediators. Seats alternate between the instances.
/// </summary>
internal sealed class RoomSetup(Uri api, string adminUser, string adminPassword, int instances)
{
    private const int MediatorsPerCase = 3;
    private readonly string run = Guid.NewGuid().ToString("N")[..6];
    private readonly HttpClient anonymous = new() { BaseAddress = api, Timeout = TimeSpan.FromSeconds(120) };

    public async Task<List<BenchRoom>> CreateAsync(int rooms, int concurrency)
    {
        var (admin, _) = await LoginAsync("/api/auth/staff", new { username = adminUser, password = adminPassword });
        var bodies = await admin.GetFromJsonAsync<JsonElement>("/api/bodies");
        var bodyId = bodies
            .EnumerateArray()
            .Single(b => b.GetProperty("code").GetString() == "WD-ZJC-XC")
            .GetProperty("id")
            .GetGuid();
        var (_, intake, _) = await StaffAsync(admin, bodyId, "Intake");
        var pool = new List<(Guid Id, HttpClient Client, string Token)>();
        for (var i = 0; i < Math.Max(MediatorsPerCase, (rooms * MediatorsPerCase + 39) / 40); i++)
            pool.Add(await StaffAsync(admin, bodyId, "Mediator"));
        var rights = await anonymous.GetFromJsonAsync<JsonElement>("/api/legal-texts/rights-notice");
        var commitment = await anonymous.GetFromJsonAsync<JsonElement>("/api/legal-texts/credit-commitment");

        using var gate = new SemaphoreSlim(concurrency);
        var made = await Task.WhenAll(
            Enumerable
                .Range(0, rooms)
                .Select(async r =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        var phone = "139" + (10_000_000 + r * 7919 + Random.Shared.Next(0, 7000)).ToString("D8");
                        var (applicant, applicantToken) = await LoginAsync(
                            "/api/auth/wechat",
                            new { code = $"dev:a{run}{r:D5}" }
                        );
                        var request = new HttpRequestMessage(HttpMethod.Post, "/api/disputes")
                        {
                            Content = JsonContent.Create(Application(r, bodyId, phone, rights, commitment)),
                        };
                        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                        var created = await OkJsonAsync(await applicant.SendAsync(request));
                        var caseId = created.GetProperty("id").GetGuid();
                        await OkJsonAsync(await intake.PostAsync($"/api/intake/{caseId}/accept", null));
                        var mediators = Enumerable
                            .Range(0, MediatorsPerCase)
                            .Select(k => pool[(r * MediatorsPerCase + k) % pool.Count])
                            .ToList();
                        await OkJsonAsync(
                            await intake.PostAsJsonAsync(
                                $"/api/intake/{caseId}/assign",
                                new { mediatorIds = mediators.Select(m => m.Id) }
                            )
                        );
                        var (respondent, respondentToken) = await LoginAsync(
                            "/api/auth/wechat",
                            new { code = $"dev:r{run}{r:D5}" }
                        );
                        await OkJsonAsync(
                            await respondent.PostAsJsonAsync("/api/me/phone", new { code = "dev:" + phone })
                        );
                        var listed = await OkJsonAsync(
                            await mediators[0].Client.GetAsync($"/api/disputes/{caseId}/rooms")
                        );
                        var joint = listed
                            .EnumerateArray()
                            .Single(x => x.GetProperty("kind").GetString() == "Joint")
                            .GetProperty("id")
                            .GetGuid();
                        string[] tokens = [applicantToken, respondentToken, .. mediators.Select(m => m.Token)];
                        string[] roles = ["Applicant", "Respondent", "Mediator", "Mediator", "Mediator"];
                        return new BenchRoom(
                            r,
                            joint,
                            [.. tokens.Select((t, k) => new Seat(t, roles[k], (r + k) % instances))]
                        );
                    }
                    finally
                    {
                        gate.Release();
                    }
                })
        );
        return [.. made];
    }

    private async Task<(HttpClient Client, string Token)> LoginAsync(string path, object body)
    {
        var response = await anonymous.PostAsJsonAsync(path, body);
        var token = (await OkJsonAsync(response)).GetProperty("token").GetString()!;
        var client = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, token);
    }

    private async Task<(Guid Id, HttpClient Client, string Token)> StaffAsync(
        HttpClient admin,
        Guid bodyId,
        string role
    )
    {
        var username = $"{role[..3].ToLowerInvariant()}{run}{Guid.NewGuid():N}"[..16];
        const string password = "Staff-Passw0rd-1234";
        var created = await OkJsonAsync(
            await admin.PostAsJsonAsync(
                "/api/admin/staff",
                new
                {
                    username,
                    password,
                    displayName = role == "Mediator" ? "调解员" + username[^4..] : "受理员",
                    roles = new[] { role },
                    bodyId,
                    active = true,
                    mediator = role == "Mediator" ? new { maxOpenCases = 500 } : null,
                }
            )
        );
        var (client, token) = await LoginAsync("/api/auth/staff", new { username, password });
        return (created.GetProperty("id").GetGuid(), client, token);
    }

    private static object Application(int i, Guid bodyId, string phone, JsonElement rights, JsonElement commitment) =>
        new
        {
            applicant = new
            {
                name = "张三",
                gender = "Male",
                ethnicity = "汉族",
                birthDate = "1980-05-01",
                idNumber = "371081198005011235",
                phone = "13800138000",
                address = "山东省威海市文登区张家产镇西村12号",
                occupation = "农民",
            },
            respondents = new object[]
            {
                new
                {
                    kind = "Person",
                    name = "李四",
                    idNumber = "371081197503124561",
                    phone,
                    address = "张家产镇西村14号",
                },
            },
            thirdParties = Array.Empty<object>(),
            typeCode = "neighbourhood",
            facts = $"邻居李四在两家之间的通道上堆放杂物，多次协商未果。（第 {i + 1} 件）",
            claims = "请求清除杂物，恢复通行。",
            amountFen = 500000,
            bodyId,
            preferredMode = "Online",
            rightsNotice = new
            {
                version = rights.GetProperty("version").GetString(),
                sha256 = rights.GetProperty("sha256").GetString(),
                acknowledged = true,
            },
            creditCommitment = new
            {
                version = commitment.GetProperty("version").GetString(),
                sha256 = commitment.GetProperty("sha256").GetString(),
                signed = true,
            },
        };

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {body}"
            );
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
