using YamlDotNet.RepresentationModel;

namespace Mediation.Api.Tests.Operations;

/// <summary>Docker is not available where the tests run, so compose.yaml is checked for what can be checked without it:
/// it parses, has the intended shape, names only real settings, and carries no secret.</summary>
public sealed class ComposeFileTests
{
    private static readonly YamlMappingNode Services = LoadServices();

    private static YamlMappingNode LoadServices()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(ApiFactory.RepoRoot, "compose.yaml"))));
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    /// <summary>A service's environment with YAML merge keys (<c>&lt;&lt;: *service-env</c>) applied, as compose
    /// does.</summary>
    private static Dictionary<string, string> Environment(string service)
    {
        var result = new Dictionary<string, string>();
        void Add(YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                if (((YamlScalarNode)key).Value == "<<")
                    Add((YamlMappingNode)value);
                else
                    result[((YamlScalarNode)key).Value!] = ((YamlScalarNode)value).Value ?? "";
            }
        }
        Add((YamlMappingNode)((YamlMappingNode)Services[service])["environment"]);
        return result;
    }

    private static readonly string[] ServiceInstances = ["jobs", "api-1", "api-2"];

    [Fact]
    public void ComposeRunsPostgresMinioRedisTwoHttpInstancesAndOneJobServer()
    {
        Services
            .Children.Keys.Select(k => ((YamlScalarNode)k).Value)
            .Should()
            .BeEquivalentTo(["postgres", "minio", "redis", "jobs", "api-1", "api-2"]);
        ((YamlScalarNode)((YamlMappingNode)Services["postgres"])["image"]).Value.Should().Be("postgres:15");
        Environment("jobs")["Jobs__RunServer"].Should().Be("true");
        Environment("api-1")["Jobs__RunServer"].Should().Be("false");
        Environment("api-2")["Jobs__RunServer"].Should().Be("false");
        foreach (var service in ServiceInstances)
        {
            var env = Environment(service);
            env["Database__Provider"].Should().Be("Postgres");
            env["Jobs__Storage"].Should().Be("Postgres");
            env["Storage__Provider"].Should().Be("Minio");
            env["Minio__Endpoint"].Should().Be("minio:9000");
            env["SignalR__Redis"].Should().StartWith("redis:6379,password=${REDIS_PASSWORD:?");
        }
    }

    [Fact]
    public void EveryEnvironmentKeyIsASettingOfAppsettingsJson()
    {
        var known = Flatten(
            JsonDocument.Parse(File.ReadAllText(Path.Combine(ApiFactory.RepoRoot, "appsettings.json"))).RootElement,
            ""
        );
        var unknown = new List<string>();
        foreach (var service in ServiceInstances)
        foreach (var key in Environment(service).Keys.Where(k => k.Contains("__")))
        {
            var path = key.Replace("__", ":");
            var parent = path[..path.LastIndexOf(':')];
            var isArrayItem =
                int.TryParse(path[(path.LastIndexOf(':') + 1)..], out _)
                && known.TryGetValue(parent, out var kind)
                && kind == JsonValueKind.Array;
            if (!known.ContainsKey(path) && !isArrayItem)
                unknown.Add($"{service}: {key}");
        }
        unknown
            .Should()
            .BeEmpty("each Section__Key must override a key of appsettings.json (a typo is silently ignored by .NET)");
    }

    [Fact]
    public void SecretsComeFromTheEnvironmentAndAreRequired()
    {
        string[] secrets =
        [
            "Auth__SigningKey",
            "PersonalData__EncryptionKey",
            "PersonalData__HashKey",
            "WeChat__AppSecret",
            "Minio__SecretKey",
        ];
        foreach (var service in ServiceInstances)
        foreach (var secret in secrets)
            Environment(service)[secret]
                .Should()
                .MatchRegex(@"^\$\{[A-Z_]+:\?.+\}$", $"{service} must take {secret} from a required variable");
        Environment("jobs")["Database__ConnectionString"].Should().Contain("Password=${POSTGRES_PASSWORD:?");
    }

    private static Dictionary<string, JsonValueKind> Flatten(JsonElement element, string prefix)
    {
        var result = new Dictionary<string, JsonValueKind>(StringComparer.OrdinalIgnoreCase);
        if (prefix.Length > 0)
            result[prefix] = element.ValueKind;
        if (element.ValueKind == JsonValueKind.Object)
            foreach (var p in element.EnumerateObject())
            foreach (var (k, v) in Flatten(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}:{p.Name}"))
                result[k] = v;
        return result;
    }
}
