using Mediation.Api.Auth;
using Mediation.Api.Evidence;
using Mediation.Api.Infrastructure.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Mediation.Api.Mediators;

/// <summary>
/// The register's optional photo. Administrators and supervisors upload it (JPEG or PNG, decided from the first bytes
/// as for evidence) into the object store under <c>mediators/</c>; anyone reads it only through
/// <c>GET /api/mediators/{id}/photo</c>, and only while the mediator is in the directory, so no store URL that could
/// reach another object is ever handed out.
/// </summary>
public static class MediatorPhotos
{
    public const long MaxPhotoBytes = 2 * 1024 * 1024;
    private const long FormOverheadBytes = 64 * 1024;

    /// <summary>Cached a day by browsers and proxies; the URL carries the photo's hash, so a new photo is a new URL.</summary>
    private const string PublicCaching = "public, max-age=86400";

    /// <summary>The public address of a listed mediator's photo, or null without one.</summary>
    public static string? PublicUrl(Guid id, MediatorProfile? p) =>
        p?.PhotoSha256 is { } sha ? $"/api/mediators/{id}/photo?v={sha[..16]}" : null;

    /// <summary>The staff address (any mediator they maintain, listed or not).</summary>
    public static string? StaffUrl(Guid id, MediatorProfile? p) =>
        p?.PhotoSha256 is { } sha ? $"/api/mediators/{id}/register/photo?v={sha[..16]}" : null;

    public static async Task<Results<FileStreamHttpResult, NotFound>> GetPublicPhoto(
        Guid id,
        HttpContext http,
        AppDbContext db,
        IObjectStorage storage,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (!await MediatorPool.IsListedAsync(db, clock.GetUtcNow().UtcDateTime, id, ct))
            return TypedResults.NotFound();
        return await StreamAsync(id, http, db, storage, PublicCaching, ct);
    }

    public static async Task<Results<FileStreamHttpResult, NotFound>> GetStaffPhoto(
        Guid id,
        HttpContext http,
        AppDbContext db,
        IObjectStorage storage,
        CancellationToken ct
    )
    {
        if (await MediatorRegisterApi.FindAsync(db, http.User, id, ct) is null)
            return TypedResults.NotFound();
        return await StreamAsync(id, http, db, storage, "private, no-cache", ct);
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> StreamAsync(
        Guid id,
        HttpContext http,
        AppDbContext db,
        IObjectStorage storage,
        string caching,
        CancellationToken ct
    )
    {
        var profile = await db.MediatorProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.StaffUserId == id, ct);
        if (profile is not { PhotoKey: { } key, PhotoContentType: { } type, PhotoSha256: { } sha })
            return TypedResults.NotFound();
        Stream stream;
        try
        {
            stream = await storage.OpenReadAsync(key, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.CacheControl = caching;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentDisposition = "inline";
        return TypedResults.Stream(stream, type, entityTag: new EntityTagHeaderValue($"\"{sha}\""));
    }

    /// <summary>Sets or replaces the photo: multipart/form-data with the image in the part named <c>file</c>.</summary>
    public static async Task<
        Results<Ok<MediatorRegisterView>, NotFound, ValidationProblem, ProblemHttpResult>
    > UploadPhoto(
        Guid id,
        HttpContext http,
        AppDbContext db,
        IObjectStorage storage,
        AuditLog audit,
        CancellationToken ct
    )
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = MaxPhotoBytes + FormOverheadBytes;
        if (await MediatorRegisterApi.FindAsync(db, http.User, id, ct) is not { } staff)
            return TypedResults.NotFound();
        if (
            !MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary
        )
            return Problems.UnsupportedMediaType(
                title: null,
                "请以 multipart/form-data 上传照片，照片放在名为 file 的表单字段中。"
            );

        var reader = new MultipartReader(boundary, http.Request.Body);
        Photo? stored = null;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                if (stored is null && disposition?.IsFileDisposition() == true && disposition.Name.Value == "file")
                {
                    var result = await StoreAsync(id, section.Body, storage, ct);
                    if (result.Problem is not null)
                        return result.Problem;
                    stored = result.Photo;
                }
                else
                    await section.Body.DrainAsync(ct);
            }
            if (stored is null)
                return Problems.Invalid("file", "请选择要上传的照片（表单字段 file）");

            var profile = await db.MediatorProfiles.FirstOrDefaultAsync(p => p.StaffUserId == id, ct);
            if (profile is null)
                db.MediatorProfiles.Add(profile = new MediatorProfile { StaffUserId = id });
            var replaced = profile.PhotoKey;
            audit.Record(
                "MediatorPhotoSet",
                "StaffUser",
                id,
                new
                {
                    before = profile.PhotoSha256,
                    after = stored.Sha256,
                    stored.Size,
                    contentType = stored.Type.ContentType,
                }
            );
            profile.PhotoKey = stored.Key;
            profile.PhotoContentType = stored.Type.ContentType;
            profile.PhotoSha256 = stored.Sha256;
            await db.SaveChangesAsync(ct);
            stored = null; // recorded: ours to keep
            if (replaced is not null)
                await EvidenceUploadApi.TryDeleteAsync(storage, replaced);
            return TypedResults.Ok(MediatorRegisterApi.View(staff, profile));
        }
        finally
        {
            if (stored is not null)
                await EvidenceUploadApi.TryDeleteAsync(storage, stored.Key);
        }
    }

    public static async Task<Results<Ok<MediatorRegisterView>, NotFound>> RemovePhoto(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        IObjectStorage storage,
        AuditLog audit,
        CancellationToken ct
    )
    {
        if (await MediatorRegisterApi.FindAsync(db, user, id, ct) is not { } staff)
            return TypedResults.NotFound();
        var profile = await db.MediatorProfiles.FirstOrDefaultAsync(p => p.StaffUserId == id, ct);
        if (profile?.PhotoKey is not { } key)
            return TypedResults.Ok(
                MediatorRegisterApi.View(staff, profile ?? new MediatorProfile { StaffUserId = id })
            );
        audit.Record("MediatorPhotoRemoved", "StaffUser", id, new { before = profile.PhotoSha256 });
        profile.PhotoKey = null;
        profile.PhotoContentType = null;
        profile.PhotoSha256 = null;
        await db.SaveChangesAsync(ct);
        await EvidenceUploadApi.TryDeleteAsync(storage, key);
        return TypedResults.Ok(MediatorRegisterApi.View(staff, profile));
    }

    private sealed record Photo(string Key, DetectedType Type, long Size, string Sha256);

    private sealed record Stored(Photo? Photo, ProblemHttpResult? Problem);

    private static async Task<Stored> StoreAsync(Guid id, Stream body, IObjectStorage storage, CancellationToken ct)
    {
        var head = new byte[64];
        var peeked = await HashingStream.PeekAsync(body, head, ct);
        if (peeked == 0)
            return new(null, Problems.BadRequest(title: null, "上传的照片是空的。"));
        var type = FileTypes.Detect(head.AsSpan(0, peeked));
        if (type != FileTypes.Jpeg && type != FileTypes.Png)
            return new(null, Problems.UnsupportedMediaType("照片格式不支持", "调解员照片只能是 JPEG 或 PNG 图片。"));
        var key = $"mediators/{id:N}/photo-{Guid.CreateVersion7():N}{type!.Extension}";
        using var hashing = new HashingStream(head.AsMemory(0, peeked), body, MaxPhotoBytes);
        try
        {
            var size = await storage.PutAsync(key, hashing, type.ContentType, "inline", ct);
            return new(new Photo(key, type, size, hashing.Sha256Hex()), null);
        }
        catch (FileTooLargeException)
        {
            await EvidenceUploadApi.TryDeleteAsync(storage, key);
            return new(
                null,
                Problems.TooLarge("照片太大", $"调解员照片不能超过 {MaxPhotoBytes / 1024 / 1024} MB，请压缩后再上传。")
            );
        }
    }
}
