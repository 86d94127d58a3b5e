using Mediation.Api.Infrastructure.Storage;
using Microsoft.Extensions.FileProviders;

namespace Mediation.Api.StaffConsole;

/// <summary>
/// The staff console: plain HTML, CSS and JavaScript modules under wwwroot/console, served by the service itself at
/// /console (no build step, no CDN). It talks only to the public API, so every permission check of the API holds.
/// The files are copied to the build output, so tests, `dotnet run` and a published image find them in the same place.
/// </summary>
public static class StaffConsoleModule
{
    private const string Path = "/console";

    // Everything comes from this origin; no inline script, no third-party host. The one exception: evidence previews
    // load from the object store's presigned links (GET /api/evidence/{id}/link), so its public address may serve
    // images and media.
    private static string ContentSecurityPolicy(string? storageOrigin) =>
        $"default-src 'self'; img-src 'self' data: blob:{Also(storageOrigin)}; media-src 'self' blob:{Also(storageOrigin)}; style-src 'self'; script-src 'self'; "
        + "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private static string Also(string? origin) => origin is null ? "" : " " + origin;

    /// <summary>The origin browsers load presigned evidence links from: MinIO's public endpoint, or none on the
    /// file-system store.</summary>
    public static string? StorageOrigin(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<ObjectStorageOptions>>().Value.Provider != StorageProvider.Minio)
            return null;
        var minio = services.GetRequiredService<IOptions<MinioOptions>>().Value;
        var host = minio.PublicEndpoint ?? minio.Endpoint;
        return string.IsNullOrWhiteSpace(host)
            ? null
            : $"{((minio.PublicUseSsl ?? minio.UseSsl) ? "https" : "http")}://{host}";
    }

    private static string Root => System.IO.Path.Combine(AppContext.BaseDirectory, "wwwroot", "console");

    public static WebApplication UseStaffConsole(this WebApplication app)
    {
        if (!Directory.Exists(Root))
            return app;
        app.UseStaticFiles(
            new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(Root),
                RequestPath = Path,
                OnPrepareResponse = context => Secure(context.Context.Response),
            }
        );
        return app;
    }

    public static WebApplication MapStaffConsole(this WebApplication app)
    {
        app.MapGet(Path, ConsoleRoot).ExcludeFromDescription();
        // Any other page address under /console is the single page; the page reads its route from the hash.
        app.MapFallback($"{Path}/{{**path:nonfile}}", ConsolePage).ExcludeFromDescription();
        return app;
    }

    /// <summary>Routing matches "/console" and "/console/" alike; the page's relative script paths need the
    /// slash.</summary>
    public static Results<RedirectHttpResult, PhysicalFileHttpResult, NotFound> ConsoleRoot(
        HttpRequest request,
        HttpResponse response
    ) =>
        request.Path.Value?.EndsWith('/') == true
            ? ConsolePage(response) switch
            {
                { Result: PhysicalFileHttpResult page } => page,
                _ => TypedResults.NotFound(),
            }
            : TypedResults.Redirect($"{Path}/");

    public static Results<PhysicalFileHttpResult, NotFound> ConsolePage(HttpResponse response)
    {
        var index = System.IO.Path.Combine(Root, "index.html");
        if (!File.Exists(index))
            return TypedResults.NotFound();
        Secure(response);
        return TypedResults.PhysicalFile(index, "text/html; charset=utf-8");
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(
            StorageOrigin(response.HttpContext.RequestServices)
        );
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-cache";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
