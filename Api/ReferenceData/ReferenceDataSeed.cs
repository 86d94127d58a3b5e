using System.Text.Json;

namespace Mediation.Api.ReferenceData;

/// <summary>The seed file (ReferenceData/seed.json): the dispute-type list, a sample county's bodies and the legal
/// texts.</summary>
public sealed record ReferenceSeed(
    ReferenceSeed.TypeList DisputeTypes,
    List<ReferenceSeed.Body> Bodies,
    List<ReferenceSeed.Text> LegalTexts
)
{
    public sealed record TypeList(string ListVersion, List<TypeItem> Items);

    public sealed record TypeItem(string Code, string Name);

    public sealed record Body(string Code, string Name, BodyLevel Level, BodyKind Kind, string? Parent, string Region);

    public sealed record Text(string Kind, string Version, string File);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "ReferenceData");

    public static ReferenceSeed Load()
    {
        var options = new JsonSerializerOptions(JsonSerializerOptions.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };
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
                db.DisputeTypes.Add(
                    new DisputeType
                    {
                        Code = item.Code,
                        Name = item.Name,
                        ListVersion = DisputeTypes.ListVersion,
                        SortOrder = order * 10,
                    }
                );
        }

        var bodies = await db.Bodies.ToDictionaryAsync(b => b.Code, ct);
        foreach (var seed in Bodies)
        {
            if (bodies.ContainsKey(seed.Code))
                continue;
            var body = new MediationBody
            {
                Code = seed.Code,
                Name = seed.Name,
                Level = seed.Level,
                Kind = seed.Kind,
                Region = seed.Region,
                ParentId = seed.Parent is null ? null : bodies[seed.Parent].Id,
            };
            bodies[seed.Code] = body;
            db.Bodies.Add(body);
        }
        await db.SaveChangesAsync(ct);
    }
}
