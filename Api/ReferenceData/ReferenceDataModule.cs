using System.Text.Json;

namespace Mediation.Api.ReferenceData;

/// <summary>Reference data: bodies (调委会), dispute types, reasons and the versioned legal texts, seeded from
/// files.</summary>
public static class ReferenceDataModule
{
    public static WebApplicationBuilder AddReferenceData(this WebApplicationBuilder builder)
    {
        var seed = ReferenceSeed.Load();
        builder.Services.AddSingleton(seed);
        builder.Services.AddSingleton<ReferenceCache>();
        builder.Services.AddSingleton(
            new LegalTextCatalog(
                seed.LegalTexts.Select(t =>
                    LegalTextCatalog.Load(t.Kind, t.Version, Path.Combine(ReferenceSeed.Folder, "LegalTexts", t.File))
                )
            )
        );
        return builder;
    }

    /// <summary>Several instances may start at once on an empty database: the one that loses the insert race (a unique
    /// key) reads again and finds the rows the winner wrote.</summary>
    public static async Task SeedReferenceDataAsync(this WebApplication app)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            try
            {
                await scope
                    .ServiceProvider.GetRequiredService<ReferenceSeed>()
                    .ApplyAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
                return;
            }
            catch (DbUpdateException e) when (attempt < 5)
            {
                app.Logger.LogInformation(
                    e,
                    "Reference data seeded concurrently by another instance (attempt {Attempt}); reading again",
                    attempt
                );
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    public static WebApplication MapReferenceData(this WebApplication app)
    {
        app.MapReferenceDataApi();
        return app;
    }
}
