using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Mediation.Api.Tests.Architecture;

/// <summary>
/// The features depend on each other in one direction (Features.cs lists them in that order; docs/architecture.md draws
/// it), and Infrastructure, which every feature stands on, imports none of them. Read from the compiled assembly by
/// ArchUnitNET, so a type used only in a method body or a lambda counts as much as a using.
/// </summary>
public sealed class FeatureGraphTests
{
    private static readonly ArchUnitNET.Domain.Architecture Api = new ArchLoader()
        .LoadAssemblies(typeof(Program).Assembly)
        .Build();

    [Fact]
    public void NoFeatureDependsOnAFeatureThatDependsBackOnIt()
    {
        var cycles = FeatureGraph.Of(Api, "Mediation.Api").Cycles();

        cycles.Should().BeEmpty("features import each other in one direction only (Features.cs)");
    }

    /// <summary>The order of Features.cs and docs/architecture.md: each feature may use only those before it.</summary>
    private static readonly string[] Order =
    [
        "Infrastructure",
        "WeChat",
        "ReferenceData",
        "Auth",
        "Notifications",
        "Disputes",
        "Evidence",
        "Intake",
        "Sessions",
        "Agreements",
        "Mediators",
        "Rooms",
        "Risk",
        "Credit",
        "Referrals",
        "Screening",
        "Documents",
        "CaseFile",
        "Statistics",
        "CaseReviews",
        "Admin",
        "StaffConsole",
    ];

    [Fact]
    public void EveryFeatureUsesOnlyTheFeaturesBeforeItInTheOrder()
    {
        var graph = FeatureGraph.Of(Api, "Mediation.Api");

        graph.Folders.Should().BeSubsetOf(Order, "every folder under Api/ has its place in the order");
        graph
            .Edges.Where(e => Array.IndexOf(Order, e.To) > Array.IndexOf(Order, e.From))
            .Select(e => e.ToString())
            .Should()
            .BeEmpty("a feature may use only the features before it");
    }

    [Fact]
    public void InfrastructureImportsNoFeature() =>
        Types()
            .That()
            .ResideInNamespaceMatching(@"^Mediation\.Api\.Infrastructure(\..*)?$")
            .Should()
            .NotDependOnAny(
                Types().That().ResideInNamespaceMatching(@"^Mediation\.Api\.(?!Infrastructure(\.|$))\w+(\..*)?$")
            )
            .Check(Api);

    [Fact]
    public void TheCycleCheckReportsTwoFoldersThatImportEachOther()
    {
        var samples = new ArchLoader().LoadAssemblies(typeof(FeatureGraphTests).Assembly).Build();

        var cycles = FeatureGraph.Of(samples, "Mediation.Api.Tests.Architecture.CycleSample").Cycles();

        cycles.Should().ContainSingle().Which.Should().Contain("Lower → Upper").And.Contain("Upper → Lower");
    }
}

/// <summary>The folders under a root namespace and the type-level dependencies between them.</summary>
internal sealed class FeatureGraph(Dictionary<string, Dictionary<string, string>> edges, HashSet<string> folders)
{
    public sealed record Edge(string From, string To, string Example)
    {
        public override string ToString() => $"{From} → {To} ({Example})";
    }

    public IReadOnlyCollection<string> Folders => folders;

    public IEnumerable<Edge> Edges => edges.SelectMany(f => f.Value.Select(t => new Edge(f.Key, t.Key, t.Value)));

    public static FeatureGraph Of(ArchUnitNET.Domain.Architecture architecture, string root)
    {
        string? Folder(IType type)
        {
            var ns = type.Namespace?.FullName ?? "";
            return ns.StartsWith(root + ".", StringComparison.Ordinal) ? ns[(root.Length + 1)..].Split('.')[0] : null;
        }

        var edges = new Dictionary<string, Dictionary<string, string>>();
        var folders = new HashSet<string>();
        foreach (var type in architecture.Types)
        {
            if (Folder(type) is not { } from)
                continue;
            folders.Add(from);
            foreach (var dependency in type.Dependencies)
                if (Folder(dependency.Target) is { } to && to != from)
                {
                    var targets = edges.TryGetValue(from, out var t) ? t : edges[from] = new();
                    targets.TryAdd(to, $"{type.FullName} → {dependency.Target.FullName}");
                }
        }
        return new FeatureGraph(edges, folders);
    }

    /// <summary>Each strongly connected group of two or more folders (Tarjan), with one example per edge inside
    /// it.</summary>
    public List<string> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<string>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in Targets(v))
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                    low[v] = Math.Min(low[v], index[w]);
            if (low[v] != index[v])
                return;
            var group = new List<string>();
            string x;
            do
            {
                x = stack.Pop();
                group.Add(x);
            } while (x != v);
            if (group.Count > 1)
                result.Add(Describe(group));
        }

        foreach (var v in edges.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(v))
                Visit(v);
        return result;
    }

    private IEnumerable<string> Targets(string v) =>
        edges.TryGetValue(v, out var t) ? t.Keys.Order(StringComparer.Ordinal) : [];

    private string Describe(List<string> group) =>
        "{"
        + string.Join(", ", group.Order(StringComparer.Ordinal))
        + "}:\n"
        + string.Join(
            "\n",
            from a in @group.Order(StringComparer.Ordinal)
            from b in Targets(a)
            where @group.Contains(b)
            select $"  {a} → {b} ({edges[a][b]})"
        );
}
