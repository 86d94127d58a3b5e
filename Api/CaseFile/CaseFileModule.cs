namespace Mediation.Api.CaseFile;

/// <summary>The case file (调解卷宗), listed and exported in the archive order.</summary>
public static class CaseFileModule
{
    public static WebApplicationBuilder AddCaseFile(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CaseFileDocuments>();
        return builder;
    }

    public static WebApplication MapCaseFile(this WebApplication app)
    {
        app.MapCaseFileApi();
        return app;
    }
}
