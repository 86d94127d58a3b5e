namespace Mediation.Api.Infrastructure.Security;

/// <summary>Where the embedded default keeps its data (database, job storage, evidence, development keys).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Relative paths are resolved against the content root (the repo root under <c>dotnet run</c>).</summary>
    public string Root { get; set; } = "storage";

    public static string ResolveRoot(IConfiguration configuration, IHostEnvironment environment)
    {
        var root = configuration[$"{Section}:Root"] ?? "storage";
        var full = Path.GetFullPath(Path.IsPathRooted(root) ? root : Path.Combine(environment.ContentRootPath, root));
        Directory.CreateDirectory(full);
        return full;
    }
}
