using System.Diagnostics;
using Mediation.Api.Disputes;
using Mediation.Api.Risk;

// The risk assessment's text signals on the labelled accounts (accounts.tsv, see make_accounts.py): recall of
// High+Major, false alarms on Low, the confusion matrix, the misses; then the time per assessment of a 5,000-character
// text. Usage: dotnet run -c Release --project bench/RiskEvaluation -- [--split heldout|dev|train|all] [--iterations 2000]
// [--breakdown]
var split = Arg("--split") ?? "heldout";
var iterations = int.Parse(Arg("--iterations") ?? "2000");

var segmenter = new Segmenter();
var lexicon = new CompiledLexicon(1, RiskLexicon.Parse(RiskLexicon.ShippedJson()));
var rows = new[] { "accounts.tsv", "dev2.tsv", "dev3.tsv", "heldout.tsv" }
    .SelectMany(f =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, f))
            ? File.ReadLines(Path.Combine(AppContext.BaseDirectory, f)).Skip(1)
            : []
    )
    .Select(l => l.Split('\t'))
    .Select(c => (Split: c[0], Type: c[1], Label: Enum.Parse<RiskLevel>(c[2]), Text: c[4]))
    .Where(r => split == "all" || r.Split == split)
    .ToList();

// --explain TEXT: the words the segmenter gives and the signals found, for writing the lexicon.
if (Arg("--explain") is { } explain)
{
    Console.WriteLine(string.Join("/", segmenter.Cut(explain)));
    foreach (var s in lexicon.Signals(segmenter, explain))
        Console.WriteLine($"  {s.Level} {s.Reason.Code}: {s.Reason.Evidence}");
    return;
}

var levels = Enum.GetValues<RiskLevel>();
var matrix = new int[4, 4];
var misses = new List<string>();
var alarms = new List<string>();
foreach (var row in rows)
{
    var signals = lexicon.Signals(segmenter, row.Text);
    var got = RiskAssessor.Combine(signals, 1).Level;
    matrix[(int)row.Label, (int)got]++;
    var why = string.Join(",", signals.Select(s => s.Reason.Code));
    if (row.Label >= RiskLevel.High && got < RiskLevel.High)
        misses.Add($"  {row.Label} → {got}  {row.Text}  [{why}]");
    if (row.Label == RiskLevel.Low && got >= RiskLevel.High)
        alarms.Add($"  Low → {got}  {row.Text}  [{why}]");
}

int Count(Func<RiskLevel, RiskLevel, bool> p) =>
    levels.Sum(l => levels.Where(g => p(l, g)).Sum(g => matrix[(int)l, (int)g]));
var highMajor = Count((l, _) => l >= RiskLevel.High);
var caught = Count((l, g) => l >= RiskLevel.High && g >= RiskLevel.High);
var low = Count((l, _) => l == RiskLevel.Low);
var lowAlarmed = Count((l, g) => l == RiskLevel.Low && g >= RiskLevel.High);
var lowRaised = Count((l, g) => l == RiskLevel.Low && g > RiskLevel.Low);

Console.WriteLine(
    $"split {split}: {rows.Count} accounts ({string.Join(", ", levels.Select(l => $"{l} {Count((x, _) => x == l)}"))})"
);
Console.WriteLine("confusion (rows: label, columns: assessed)");
Console.WriteLine($"{"", 8}{string.Concat(levels.Select(l => $"{l, 8}"))}");
foreach (var l in levels)
    Console.WriteLine($"{l, 8}{string.Concat(levels.Select(g => $"{matrix[(int)l, (int)g], 8}"))}");
Console.WriteLine($"recall of High+Major (assessed High or Major): {caught}/{highMajor} = {Ratio(caught, highMajor)}");
Console.WriteLine(
    $"false alarms on Low (assessed High or Major, which alert): {lowAlarmed}/{low} = {Ratio(lowAlarmed, low)}"
);
Console.WriteLine($"Low assessed above Low (Medium included): {lowRaised}/{low} = {Ratio(lowRaised, low)}");
Console.WriteLine("missed High+Major:");
misses.ForEach(Console.WriteLine);
Console.WriteLine("false alarms on Low:");
alarms.ForEach(Console.WriteLine);

// Time per case on a 5,000-character text (the longest facts a filing takes), the whole assessment in memory.
var long5000 = string.Concat(Enumerable.Repeat(string.Concat(rows.Select(r => r.Text)), 10))[..5000];
for (var i = 0; i < 50; i++)
    lexicon.Signals(segmenter, long5000);
var times = new double[iterations];
for (var i = 0; i < iterations; i++)
{
    var start = Stopwatch.GetTimestamp();
    RiskAssessor.Combine(lexicon.Signals(segmenter, long5000), 1);
    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}
Array.Sort(times);
Console.WriteLine(
    $"time per 5,000-character text over {iterations} runs: p50 {times[iterations / 2]:F2} ms, p90 {times[(int)(iterations * 0.9)]:F2} ms, p99 {times[(int)(iterations * 0.99)]:F2} ms, max {times[^1]:F2} ms; {GC.CollectionCount(0)} gen0 / {GC.CollectionCount(2)} gen2 collections"
);
var goal =
    Ratio(caught, highMajor) >= 0.9
    && (double)lowAlarmed / Math.Max(1, low) <= 0.10
    && times[(int)(iterations * 0.99)] < 5;
Console.WriteLine(
    goal
        ? "PASS (recall ≥ 0.9, false alarms ≤ 10 %, p99 < 5 ms)"
        : "MISS (goal: recall ≥ 0.9, false alarms ≤ 10 %, p99 < 5 ms)"
);

static double Ratio(int a, int b) => b == 0 ? 0 : Math.Round((double)a / b, 3);

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

// Where the time goes (--breakdown): segmenting every clause of the text against matching words already cut, and the
// assessment as it runs (segmenting only the clauses that hold a lexicon word).
if (args.Contains("--breakdown"))
{
    var clauses = long5000.Split('。', '，', '！', '？');
    var words = clauses.SelectMany(c => segmenter.Cut(c).Append("。")).ToList();
    Console.WriteLine(
        $"breakdown over 500 runs of the 5,000-character text ({clauses.Length} clauses, {words.Count} words):"
    );
    Console.WriteLine($"  segmenting every clause {Mean(() => Array.ForEach(clauses, c => segmenter.Cut(c))):F2} ms");
    Console.WriteLine($"  matching the words only {Mean(() => lexicon.Signals(words, long5000)):F2} ms");
    Console.WriteLine($"  the assessment {Mean(() => lexicon.Signals(segmenter, long5000)):F2} ms");
}

static double Mean(Action run)
{
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < 500; i++)
        run();
    return Stopwatch.GetElapsedTime(start).TotalMilliseconds / 500;
}
