using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;

namespace Mediation.Api.StaffConsole;

/// <summary>
/// The staff console: plain HTML, CSS and JavaScript modules under wwwroot/console, served by the service itself at
/// /console (no build step, no CDN). It talks only to the public API, so every permission check of the API holds.
/// The files are copied to the build output, so tests, `dotnet run` and a published image find them in the same place.
/// </summary>
public static class ConsoleHosting
{
    private const string Path = "/console";

    // Everything comes from this origin; no inline script, no third-party host.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self'; script-src 'self'; " +
        "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private static string Root => System.IO.Path.Combine(AppContext.BaseDirectory, "wwwroot", "console");

    public static WebApplication UseStaffConsole(this WebApplication app)
    {
        if (!Directory.Exists(Root)) return app;
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Root),
            RequestPath = Path,
            OnPrepareResponse = context => Secure(context.Context.Response),
        });
        return app;
    }

    public static WebApplication MapStaffConsole(this WebApplication app)
    {
        app.MapGet(Path, ConsoleRoot).ExcludeFromDescription();
        // Any other page address under /console is the single page; the page reads its route from the hash.
        app.MapFallback($"{Path}/{{**path:nonfile}}", ConsolePage).ExcludeFromDescription();
        return app;
    }

    /// <summary>Routing matches "/console" and "/console/" alike; the page's relative script paths need the slash.</summary>
    public static Results<RedirectHttpResult, PhysicalFileHttpResult, NotFound> ConsoleRoot(HttpRequest request, HttpResponse response) =>
        request.Path.Value?.EndsWith('/') == true ? ConsolePage(response) switch
        {
            { Result: PhysicalFileHttpResult page } => page,
            _ => TypedResults.NotFound(),
        } : TypedResults.Redirect($"{Path}/");

    public static Results<PhysicalFileHttpResult, NotFound> ConsolePage(HttpResponse response)
    {
        var index = System.IO.Path.Combine(Root, "index.html");
        if (!File.Exists(index)) return TypedResults.NotFound();
        Secure(response);
        return TypedResults.PhysicalFile(index, "text/html; charset=utf-8");
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-cache";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
