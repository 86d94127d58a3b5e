using System.Text.Json;
using Mediation.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.ReferenceData;

/// <summary>The seed file (ReferenceData/seed.json): the dispute-type list, a sample county's bodies and the legal texts.</summary>
public sealed record ReferenceSeed(ReferenceSeed.TypeList DisputeTypes, List<ReferenceSeed.Body> Bodies, List<ReferenceSeed.Text> LegalTexts)
{
    public sealed record TypeList(string ListVersion, List<TypeItem> Items);
    public sealed record TypeItem(string Code, string Name);
    public sealed record Body(string Code, string Name, BodyLevel Level, BodyKind Kind, string? Parent, string Region);
    public sealed record Text(string Kind, string Version, string File);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "ReferenceData");

    public static ReferenceSeed Load()
    {
        var options = new JsonSerializerOptions(JsonSerializerOptions.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        return JsonSerializer.Deserialize<ReferenceSeed>(File.ReadAllText(Path.Combine(Folder, "seed.json")), options)
               ?? throw new InvalidOperationException("ReferenceData/seed.json is empty.");
    }

    /// <summary>Adds what is missing; never overwrites what an administrator changed.</summary>
    public async Task ApplyAsync(AppDbContext db, CancellationToken ct = default)
    {
        var knownTypes = await db.DisputeTypes.Select(t => t.Code).ToListAsync(ct);
        var order = 0;
        foreach (var item in DisputeTypes.Items)
        {
            order++;
            if (!knownTypes.Contains(item.Code))
                db.DisputeTypes.Add(new DisputeType { Code = item.Code, Name = item.Name, ListVersion = DisputeTypes.ListVersion, SortOrder = order * 10 });
        }

        var bodies = await db.Bodies.ToDictionaryAsync(b => b.Code, ct);
        foreach (var seed in Bodies)
        {
            if (bodies.ContainsKey(seed.Code)) continue;
            var body = new MediationBody
            {
                Code = seed.Code, Name = seed.Name, Level = seed.Level, Kind = seed.Kind, Region = seed.Region,
                ParentId = seed.Parent is null ? null : bodies[seed.Parent].Id,
            };
            bodies[seed.Code] = body;
            db.Bodies.Add(body);
        }
        await db.SaveChangesAsync(ct);
    }
}

public static class ReferenceDataSetup
{
    public static WebApplicationBuilder AddReferenceData(this WebApplicationBuilder builder)
    {
        var seed = ReferenceSeed.Load();
        builder.Services.AddSingleton(seed);
        builder.Services.AddSingleton<ReferenceCache>();
        builder.Services.AddSingleton(new LegalTextCatalog(seed.LegalTexts.Select(t =>
            LegalTextCatalog.Load(t.Kind, t.Version, Path.Combine(ReferenceSeed.Folder, "LegalTexts", t.File)))));
        return builder;
    }

    /// <summary>Several instances may start at once on an empty database: the one that loses the insert race (a unique key)
    /// reads again and finds the rows the winner wrote.</summary>
    public static async Task SeedReferenceDataAsync(this WebApplication app)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<ReferenceSeed>().ApplyAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
                return;
            }
            catch (DbUpdateException e) when (attempt < 5)
            {
                app.Logger.LogInformation(e, "Reference data seeded concurrently by another instance (attempt {Attempt}); reading again", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }
}
