namespace Mediation.Api.Documents;

/// <summary>The official documents (调解文书) as Word files.</summary>
public static class DocumentsModule
{
    public static WebApplicationBuilder AddDocuments(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DocumentText>();
        return builder;
    }

    public static WebApplication MapDocuments(this WebApplication app)
    {
        app.MapDocumentsApi();
        return app;
    }
}
