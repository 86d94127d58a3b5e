using Mediation.Api.Agreements;

namespace Mediation.Api.Documents;

/// <param name="Reason">Why the case cannot have it yet; null when it is available.</param>
public sealed record DocumentInfo(string Kind, string Name, bool Available, string? Reason);

/// <summary>The official documents (调解文书) of a case as Word files, each for those who may see the case and
/// it.</summary>
public static class DocumentsApi
{
    public const string UnavailableCode = "document-unavailable";
    public const string NotForPartiesCode = "document-not-for-parties";

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/disputes/{id:guid}/documents").WithTags("Documents").RequireAuthorization();
        group.MapGet("/", List).WithName("ListDocuments").WithSummary("本案的调解文书及能否生成");
        group.MapGet("/{kind}", Download).WithName("DownloadDocument").WithSummary("下载调解文书（Word .docx）");
        return app;
    }

    /// <summary>Staff see every kind; a party sees the kinds meant for them.</summary>
    public static async Task<Results<Ok<List<DocumentInfo>>, NotFound>> List(
        Guid id,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var c = await DocumentCase.LoadAsync(id, user, s, ct);
        if (c is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(
            DocumentKinds
                .All.Where(k => DocumentKinds.MayRead(k, c))
                .Select(k =>
                    k.Unavailable(c) is { } reason
                        ? new DocumentInfo(k.Kind, k.Name, false, reason)
                        : new DocumentInfo(k.Kind, k.Name, true, null)
                )
                .ToList()
        );
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Download(
        Guid id,
        string kind,
        ClaimsPrincipal user,
        AgreementServices s,
        DocumentText text,
        AuditLog audit,
        CancellationToken ct
    )
    {
        var c = await DocumentCase.LoadAsync(id, user, s, ct);
        var found = DocumentKinds.Find(kind);
        if (c is null || found is null)
            return Problems.NotFound("未找到该文书");
        if (!DocumentKinds.MayRead(found, c))
            return Problems.Forbidden("该文书仅供调解组织工作人员使用", code: NotForPartiesCode);
        if (found.Unavailable(c) is { } reason)
            return Problems.Conflict($"本案暂不能制作{found.Name}", reason, UnavailableCode);
        var bytes = Render(found, c, text);
        audit.Record(
            "DocumentDownloaded",
            "Dispute",
            id,
            new
            {
                kind = found.Kind,
                fullIdNumbers = found.PrintsFullIdNumbers
                    ? c.Dispute.Parties.Where(c.MayReadFullIdNumber).Select(p => p.Id).ToList()
                    : null,
            }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.File(bytes, DocxBuilder.ContentType, FileName(found, c));
    }

    public static byte[] Render(DocumentKind kind, DocumentCase c, DocumentText text)
    {
        var doc = new DocxBuilder();
        kind.Build(doc, c, text);
        return doc.ToBytes();
    }

    public static string FileName(DocumentKind kind, DocumentCase c) => $"{c.Dispute.Reference}-{kind.Name}.docx";
}
