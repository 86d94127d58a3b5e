using Mediation.Api.Infrastructure.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Mediation.Api.Evidence;

/// <summary>Upload through the API, as <c>wx.uploadFile</c> sends it: multipart/form-data, optional fields, then the
/// <c>file</c> part.</summary>
public static class EvidenceUploadApi
{
    /// <summary>Room for the multipart framing and the small form fields around the file.</summary>
    private const long FormOverheadBytes = 64 * 1024;
    private const int MaxFieldChars = 2000;

    public static async Task<
        Results<Created<EvidenceResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > UploadEvidence(
        Guid id,
        HttpContext http,
        AppDbContext db,
        IObjectStorage storage,
        IOptions<EvidenceOptions> options,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var o = options.Value;
        // The service-wide body limit is small; this endpoint alone may receive a whole video.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = o.LargestFileBytes + FormOverheadBytes;

        var me = http.User.GetUserId();
        var dispute = await EvidenceRules.FindForUploaderAsync(db, id, http.User, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        if (EvidenceRules.CheckOpen(dispute) is { } closed)
            return closed;
        if (await EvidenceRules.CheckCaseQuotaAsync(db, id, o, 0, ct) is { } full)
            return full;
        if (
            !MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary
        )
            return Problems.UnsupportedMediaType(
                title: null,
                "请以 multipart/form-data 上传文件，文件放在名为 file 的表单字段中。"
            );

        var reader = new MultipartReader(boundary, http.Request.Body);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Stored? stored = null;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                if (disposition is null)
                {
                    await section.Body.DrainAsync(ct);
                    continue;
                }
                if (disposition.IsFileDisposition() && disposition.Name.Value == "file" && stored is null)
                {
                    var result = await StoreAsync(id, disposition, section.Body, storage, db, o, ct);
                    if (result.Problem is not null)
                        return result.Problem;
                    stored = result.File;
                }
                else if (disposition.IsFormDisposition() && !disposition.IsFileDisposition())
                {
                    using var text = new StreamReader(section.Body);
                    var buffer = new char[MaxFieldChars + 1];
                    var read = await text.ReadBlockAsync(buffer, ct);
                    fields[disposition.Name.Value ?? ""] = new string(buffer, 0, read);
                    await section.Body.DrainAsync(ct);
                }
                else
                    await section.Body.DrainAsync(ct);
            }

            if (stored is null)
                return Problems.Invalid("file", "请选择要上传的文件（表单字段 file）");
            var errors = new Dictionary<string, string[]>();
            var description = fields.GetValueOrDefault("description")?.Trim();
            if (description is { Length: > 500 })
                errors["description"] = ["说明不能超过 500 个字"];
            else if (description is not null && !TextCheck.IsClean(description, multiline: true))
                errors["description"] = [$"说明{TextCheck.MultilineMessage}"];
            if (
                fields.GetValueOrDefault("kind") is { Length: > 0 } kind
                && !Enum.TryParse<EvidenceKind>(kind, ignoreCase: true, out _)
            )
                errors["kind"] = ["证据类别只能是 Photo、Audio、Video、Document 或 Other"];
            var (caucusSide, sideError) = await EvidenceRules.CaucusSideAsync(
                fields.GetValueOrDefault("caucusSide"),
                id,
                http.User,
                db,
                ct
            );
            if (sideError is not null)
                errors["caucusSide"] = [sideError];
            if (errors.Count > 0)
            {
                await storage.DeleteAsync(stored.Key, CancellationToken.None);
                return Problems.Invalid(errors);
            }

            var item = new EvidenceItem
            {
                Id = stored.EvidenceId,
                DisputeId = id,
                UploadedByUserId = me,
                StorageKey = stored.Key,
                FileName = stored.FileName,
                ContentType = stored.Type.ContentType,
                Kind = stored.Type.Kind,
                SizeBytes = stored.Size,
                Sha256 = stored.Sha256,
                Description = string.IsNullOrEmpty(description) ? null : description,
                UploadedAt = clock.GetUtcNow().UtcDateTime,
                CaucusSide = caucusSide,
            };
            db.EvidenceItems.Add(item);
            audit.Record(
                "EvidenceUploaded",
                "Evidence",
                item.Id,
                new
                {
                    disputeId = id,
                    item.Sha256,
                    item.SizeBytes,
                    item.ContentType,
                    via = EvidenceRules.IsStaff(http.User) ? "staff" : "api",
                }
            );
            await db.SaveChangesAsync(ct);
            stored = null; // recorded: no longer ours to clean up
            return TypedResults.Created($"/api/evidence/{item.Id}", item.ToResponse(me));
        }
        finally
        {
            // Anything stored but not recorded (a refused field, a lost connection, a failed save) is removed now;
            // if even that fails, the orphan cleanup job finds it later.
            if (stored is not null)
                await TryDeleteAsync(storage, stored.Key);
        }
    }

    private sealed record Stored(
        Guid EvidenceId,
        string Key,
        string FileName,
        DetectedType Type,
        long Size,
        string Sha256
    );

    private sealed record StoreResult(Stored? File, ProblemHttpResult? Problem);

    private static async Task<StoreResult> StoreAsync(
        Guid disputeId,
        ContentDispositionHeaderValue disposition,
        Stream body,
        IObjectStorage storage,
        AppDbContext db,
        EvidenceOptions o,
        CancellationToken ct
    )
    {
        var head = new byte[FileTypes.HeadBytes];
        var peeked = await HashingStream.PeekAsync(body, head, ct);
        if (peeked == 0)
            return new(null, Problems.BadRequest(title: null, "上传的文件是空的。"));
        if (FileTypes.Detect(head.AsSpan(0, peeked)) is not { } type)
            return new(null, EvidenceRules.UnsupportedType());

        var perFile = o.MaxBytesFor(type.Kind);
        var caseLeft = await EvidenceRules.CaseBytesLeftAsync(db, disputeId, o, ct);
        var evidenceId = Guid.CreateVersion7();
        var fileName = FileNames.ForDisplay(disposition.FileNameStar.Value ?? disposition.FileName.Value, type);
        var key = $"disputes/{disputeId:N}/{evidenceId:N}/{FileNames.ForKey(fileName, type)}";
        using var hashing = new HashingStream(head.AsMemory(0, peeked), body, Math.Min(perFile, caseLeft));
        try
        {
            var size = await storage.PutAsync(
                key,
                hashing,
                type.ContentType,
                FileNames.ContentDisposition(fileName, type),
                ct
            );
            return new(new Stored(evidenceId, key, fileName, type, size, hashing.Sha256Hex()), null);
        }
        catch (FileTooLargeException)
        {
            return new(null, perFile <= caseLeft ? EvidenceRules.TooLarge(type, perFile) : EvidenceRules.CaseFull(o));
        }
    }

    internal static async Task TryDeleteAsync(IObjectStorage storage, string key)
    {
        try
        {
            await storage.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception)
        { /* the orphan cleanup removes it later */
        }
    }
}
