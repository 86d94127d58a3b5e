using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mediation.Bench.EvidenceUpload;

/// <summary>A citizen of the development WeChat stand-in who files one case and uploads to it, as the mini-program
/// does.</summary>
public sealed class ApiClient(Uri baseAddress, HttpMessageHandler? handler = null) : IDisposable
{
    private readonly HttpClient http = new(handler ?? new HttpClientHandler(), disposeHandler: handler is null)
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromMinutes(10),
    };

    public AuthenticationHeaderValue? Authorization
    {
        get => http.DefaultRequestHeaders.Authorization;
        set => http.DefaultRequestHeaders.Authorization = value;
    }

    public async Task LoginAsync(string name = "bench")
    {
        var login = await (await http.PostAsJsonAsync("/api/auth/wechat", new { code = $"dev:{name}" }))
            .EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("token").GetString());
    }

    public async Task<string> FileCaseAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/disputes")
        {
            Content = new ByteArrayContent(await ApplicationBody.CreateAsync(http))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"filing failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
            );
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The form wx.uploadFile sends (fields, then the file part), the file streamed from disk. Returns the
    /// SHA-256 the API reports.</summary>
    public async Task<string> UploadAsync(string disputeId, string path, string contentType = "video/mp4")
    {
        await using var file = File.OpenRead(path);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("基准测试"), "description");
        var part = new StreamContent(file, 1024 * 1024);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", Path.GetFileName(path));
        var response = await http.PostAsync($"/api/disputes/{disputeId}/evidence", form);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"upload failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
            );
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString()!;
    }

    public void Dispose() => http.Dispose();
}
