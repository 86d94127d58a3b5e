using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Mediation.Api.Infrastructure.Storage;

/// <summary>
/// The S3 calls a streamed upload needs (put, and multipart initiate / upload part / complete / abort), signed with AWS
/// Signature V4. Why not the SDK: Minio 7.0.0 keeps its part-level calls private, its PutObject with an unknown size
/// allocates one ~550 MB buffer per part (5 TiB / 10,000 parts), and it refuses to sign a Content-Disposition header.
/// </summary>
public sealed class S3MultipartClient(HttpClient http, MinioOptions options)
{
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public async Task<string> InitiateAsync(
        string bucket,
        string key,
        string contentType,
        string contentDisposition,
        CancellationToken ct
    )
    {
        using var request = Build(
            HttpMethod.Post,
            bucket,
            key,
            new() { ["uploads"] = "" },
            new() { ["content-type"] = contentType, ["content-disposition"] = contentDisposition },
            content: null
        );
        var body = await SendAsync(request, ct);
        return XDocument.Parse(body).Descendants(S3 + "UploadId").Single().Value;
    }

    /// <summary>A single PUT of a file that fits in one part. (The SDK refuses to sign a Content-Disposition
    /// header.)</summary>
    public async Task PutAsync(
        string bucket,
        string key,
        ReadOnlyMemory<byte> data,
        string contentType,
        string contentDisposition,
        CancellationToken ct
    )
    {
        var content = new ReadOnlyMemoryContent(data);
        content.Headers.ContentLength = data.Length;
        using var request = Build(
            HttpMethod.Put,
            bucket,
            key,
            new(),
            new() { ["content-type"] = contentType, ["content-disposition"] = contentDisposition },
            content
        );
        using var response = await http.SendAsync(request, ct);
        await EnsureOkAsync(response, ct);
    }

    public async Task<string> UploadPartAsync(
        string bucket,
        string key,
        string uploadId,
        int partNumber,
        ReadOnlyMemory<byte> data,
        CancellationToken ct
    )
    {
        var content = new ReadOnlyMemoryContent(data);
        content.Headers.ContentLength = data.Length;
        using var request = Build(
            HttpMethod.Put,
            bucket,
            key,
            new() { ["partNumber"] = partNumber.ToString(CultureInfo.InvariantCulture), ["uploadId"] = uploadId },
            [],
            content
        );
        using var response = await http.SendAsync(request, ct);
        await EnsureOkAsync(response, ct);
        return response.Headers.ETag?.Tag
            ?? throw new InvalidOperationException("S3 answered an uploaded part without an ETag.");
    }

    public async Task CompleteAsync(
        string bucket,
        string key,
        string uploadId,
        IReadOnlyList<string> etags,
        CancellationToken ct
    )
    {
        var xml = new XElement(
            "CompleteMultipartUpload",
            etags.Select(
                (etag, i) => new XElement("Part", new XElement("PartNumber", i + 1), new XElement("ETag", etag))
            )
        );
        var content = new StringContent(xml.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "application/xml");
        using var request = Build(HttpMethod.Post, bucket, key, new() { ["uploadId"] = uploadId }, [], content);
        var body = await SendAsync(request, ct);
        // S3 may answer 200 and still report an error in the body.
        if (body.Contains("<Error>", StringComparison.Ordinal))
            throw new IOException($"S3 could not complete the upload: {body}");
    }

    public async Task AbortAsync(string bucket, string key, string uploadId)
    {
        using var request = Build(HttpMethod.Delete, bucket, key, new() { ["uploadId"] = uploadId }, [], content: null);
        using var response = await http.SendAsync(request, CancellationToken.None);
    }

    private async Task<string> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await http.SendAsync(request, ct);
        await EnsureOkAsync(response, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    private static async Task EnsureOkAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync(ct);
        throw new IOException($"S3 answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
    }

    private string Authority => new Uri($"{(options.UseSsl ? "https" : "http")}://{options.Endpoint}").Authority;

    private HttpRequestMessage Build(
        HttpMethod method,
        string bucket,
        string key,
        SortedDictionary<string, string> query,
        Dictionary<string, string> extraHeaders,
        HttpContent? content
    )
    {
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];
        var path = "/" + Encode(bucket) + "/" + string.Join('/', key.Split('/').Select(Encode));
        var canonicalQuery = string.Join(
            '&',
            query.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => Encode(q.Key) + "=" + Encode(q.Value))
        );

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = Authority, // as HttpClient will send it: without a default port
            ["x-amz-content-sha256"] = UnsignedPayload,
            ["x-amz-date"] = amzDate,
        };
        foreach (var (name, value) in extraHeaders)
            headers[name] = value;
        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join(
            '\n',
            method.Method,
            path,
            canonicalQuery,
            string.Concat(headers.Select(h => h.Key + ":" + h.Value.Trim() + "\n")),
            signedHeaders,
            UnsignedPayload
        );
        var scope = $"{day}/{options.Region}/s3/aws4_request";
        var stringToSign =
            $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signingKey = Hmac(
            Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + options.SecretKey), day), options.Region), "s3"),
            "aws4_request"
        );
        var signature = Hex(Hmac(signingKey, stringToSign));

        var request = new HttpRequestMessage(
            method,
            $"{(options.UseSsl ? "https" : "http")}://{Authority}{path}{(canonicalQuery.Length > 0 ? "?" + canonicalQuery : "")}"
        )
        {
            Content = content ?? new ByteArrayContent([]),
        };
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", UnsignedPayload);
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential={options.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"
        );
        if (extraHeaders.TryGetValue("content-type", out var type))
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        if (extraHeaders.TryGetValue("content-disposition", out var disposition))
            request.Content.Headers.TryAddWithoutValidation("Content-Disposition", disposition);
        return request;
    }

    /// <summary>RFC 3986 encoding as SigV4 wants it: everything but unreserved characters, upper-case hex.</summary>
    private static string Encode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
                sb.Append(c);
            else
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
