using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mediation.Api.Tests.Evidence;

/// <summary>Small generated files with real magic bytes (nothing big is committed).</summary>
public static class TestFiles
{
    public static byte[] Jpeg(int size = 4096) =>
        WithHead(size, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00]);

    public static byte[] Png(int size = 4096) => WithHead(size, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

    public static byte[] Pdf(int size = 4096) => WithHead(size, "%PDF-1.7\n"u8.ToArray());

    public static byte[] Mp4(int size) =>
        WithHead(size, [0x00, 0x00, 0x00, 0x18, .. "ftypisom"u8, 0x00, 0x00, 0x02, 0x00, .. "isommp41"u8]);

    /// <summary>An MP3 with an ID3 tag, as the mini-program recorder writes with format mp3.</summary>
    public static byte[] Mp3(int size = 4096) => WithHead(size, [.. "ID3"u8, 0x04, 0x00, 0x00]);

    /// <summary>AAC in ADTS frames, as the mini-program recorder writes with format aac.</summary>
    public static byte[] Aac(int size = 4096) => WithHead(size, [0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC]);

    public static byte[] WindowsExe(int size = 4096) => WithHead(size, [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00]);

    public static byte[] Svg() =>
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray();

    private static byte[] WithHead(int size, byte[] head)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        head.CopyTo(bytes, 0);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

public static class EvidenceHarness
{
    /// <summary>A logged-in client that does not follow redirects, so a 302 to a presigned URL can be
    /// inspected.</summary>
    public static async Task<HttpClient> CitizenClientAsync(this ApiFactory api, string openIdPrefix) =>
        WithTokenOf(api, await api.CitizenAsync(openIdPrefix + "-" + Guid.NewGuid()));

    public static async Task<HttpClient> AdminClientAsync(this ApiFactory api) =>
        WithTokenOf(api, await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));

    private static HttpClient WithTokenOf(ApiFactory api, HttpClient loggedIn)
    {
        var client = api.CreateClient(
            new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = loggedIn.BaseAddress! }
        );
        client.DefaultRequestHeaders.Authorization = loggedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    public static async Task<string> FileCaseAsync(this HttpClient citizen) =>
        (await citizen.FileOkAsync(await Applications.ValidAsync(citizen))).GetProperty("id").GetString()!;

    /// <summary>The multipart form wx.uploadFile sends: the form fields first, then the file part named
    /// "file".</summary>
    public static MultipartFormDataContent WxForm(
        byte[] file,
        string fileName,
        IDictionary<string, string>? fields = null
    )
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
            form.Add(new StringContent(value), name);
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", fileName);
        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(
        this HttpClient client,
        string disputeId,
        byte[] file,
        string fileName,
        string? description = null
    ) =>
        client.PostAsync(
            $"/api/disputes/{disputeId}/evidence",
            WxForm(
                file,
                fileName,
                description is null
                    ? null
                    : new Dictionary<string, string> { ["description"] = description, ["kind"] = "Photo" }
            )
        );

    public static async Task<JsonElement> UploadOkAsync(
        this HttpClient client,
        string disputeId,
        byte[] file,
        string fileName
    )
    {
        var response = await client.UploadAsync(disputeId, file, fileName);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    /// <summary>Reads an evidence file as the phone would: from the API, or from the presigned URL the API redirects
    /// to.</summary>
    public static async Task<HttpResponseMessage> DownloadAsync(
        this HttpClient client,
        string evidenceId,
        RangeHeaderValue? range = null
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/evidence/{evidenceId}/content");
        request.Headers.Range = range;
        var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Redirect)
            return response;
        using var outside = new HttpClient();
        using var follow = new HttpRequestMessage(HttpMethod.Get, response.Headers.Location);
        follow.Headers.Range = range;
        return await outside.SendAsync(follow);
    }

    public static async Task<List<JsonElement>> ListAsync(this HttpClient client, string disputeId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/disputes/{disputeId}/evidence"))
            .GetProperty("items")
            .EnumerateArray()
            .ToList();

    /// <summary>Every object the store holds for the case (file system or S3 alike).</summary>
    public static async Task<List<string>> StoredKeysAsync(this ApiFactory api, string disputeId)
    {
        var storage = (Mediation.Api.Infrastructure.Storage.IObjectStorage)
            api.Services.GetService(typeof(Mediation.Api.Infrastructure.Storage.IObjectStorage))!;
        var keys = new List<string>();
        await foreach (var o in storage.ListAsync($"disputes/{Guid.Parse(disputeId):N}/", CancellationToken.None))
            keys.Add(o.Key);
        return keys;
    }
}
