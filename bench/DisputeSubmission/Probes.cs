using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mediation.Bench.DisputeSubmission;

/// <summary>What one request spent, as the server saw it.</summary>
internal sealed class RequestProbe(string path)
{
    public string Path { get; } = path;
    public long Start { get; } = Stopwatch.GetTimestamp();
    public double DbMs;
    public int Commands;
    public readonly Dictionary<string, (int Count, double Ms)> ByKind = [];

    /// <summary>Each database step in order: what, when it began (ms after the request began), how long it
    /// took.</summary>
    public readonly List<(string Kind, double AtMs, double Ms)> Steps = [];

    public void Add(string kind, double ms, bool isCommand)
    {
        DbMs += ms;
        if (isCommand)
            Commands++;
        ByKind[kind] = ByKind.TryGetValue(kind, out var k) ? (k.Count + 1, k.Ms + ms) : (1, ms);
        Steps.Add((kind, Stopwatch.GetElapsedTime(Start).TotalMilliseconds - ms, ms));
    }
}

/// <summary>Totals per path while <see cref="Probes.Recording"/> is on.</summary>
internal sealed class PathTotals
{
    public int Requests;
    public double ServerMs,
        DbMs;
    public int Commands;
    public readonly Dictionary<string, (int Count, double Ms)> ByKind = [];

    /// <summary>Steps that took 100 ms or more, by kind: on SQLite, a writer that found the database locked.</summary>
    public readonly Dictionary<string, int> Slow = [];
    public readonly List<double> ServerMsEach = [];

    /// <summary>Per step of the request's usual sequence: summed start time and duration; the end as the last
    /// entry.</summary>
    public readonly Dictionary<string, (int Requests, List<(string Kind, double AtMs, double Ms)> Sums)> Timelines = [];

    public void AddTimeline(RequestProbe probe, double totalMs)
    {
        List<(string Kind, double AtMs, double Ms)> steps = [.. probe.Steps, ("response sent", totalMs, 0.0)];
        var signature = string.Join('|', steps.Select(x => x.Kind));
        if (!Timelines.TryGetValue(signature, out var t))
        {
            Timelines[signature] = (1, steps);
            return;
        }
        for (var i = 0; i < steps.Count; i++)
            t.Sums[i] = (t.Sums[i].Kind, t.Sums[i].AtMs + steps[i].AtMs, t.Sums[i].Ms + steps[i].Ms);
        Timelines[signature] = (t.Requests + 1, t.Sums);
    }
}

/// <summary>
/// Only with --breakdown: an outermost middleware times each request on the server, and a listener on
/// EF Core's diagnostic events adds up the time spent in database commands, opening connections and
/// beginning/committing transactions (on SQLite the wait for the write lock shows up there).
/// </summary>
internal sealed class Probes : IStartupFilter, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly AsyncLocal<RequestProbe?> Current = new();
    private static readonly Dictionary<string, PathTotals> Totals = [];
    private static readonly List<IDisposable> Subscriptions = [];
    public static volatile bool Recording;

    public static void Start() => Subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(new Probes()));

    public static Dictionary<string, PathTotals> TakeTotals()
    {
        lock (Totals)
        {
            var copy = new Dictionary<string, PathTotals>(Totals);
            Totals.Clear();
            return copy;
        }
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
        app =>
        {
            app.Use(
                async (http, nextMiddleware) =>
                {
                    if (!Recording)
                    {
                        await nextMiddleware(http);
                        return;
                    }
                    var probe = new RequestProbe(http.Request.Path);
                    Current.Value = probe;
                    await nextMiddleware(http);
                    var ms = Stopwatch.GetElapsedTime(probe.Start).TotalMilliseconds;
                    lock (Totals)
                    {
                        if (!Totals.TryGetValue(probe.Path, out var t))
                            Totals[probe.Path] = t = new PathTotals();
                        t.Requests++;
                        t.ServerMs += ms;
                        t.ServerMsEach.Add(ms);
                        t.DbMs += probe.DbMs;
                        t.AddTimeline(probe, ms);
                        foreach (var step in probe.Steps.Where(x => x.Ms >= 100))
                            t.Slow[step.Kind] = t.Slow.GetValueOrDefault(step.Kind) + 1;
                        t.Commands += probe.Commands;
                        foreach (var (kind, (count, kindMs)) in probe.ByKind)
                            t.ByKind[kind] = t.ByKind.TryGetValue(kind, out var k)
                                ? (k.Count + count, k.Ms + kindMs)
                                : (count, kindMs);
                    }
                }
            );
            next(app);
        };

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (Subscriptions)
                Subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (Current.Value is not { } probe)
            return;
        switch (e.Value)
        {
            case CommandExecutedEventData c:
                probe.Add(Kind(c.Command.CommandText), c.Duration.TotalMilliseconds, isCommand: true);
                break;
            case CommandErrorEventData c:
                probe.Add("command error", c.Duration.TotalMilliseconds, isCommand: true);
                break;
            case TransactionEndEventData t when e.Key == RelationalEventId.TransactionStarted.Name:
                probe.Add("begin transaction", t.Duration.TotalMilliseconds, false);
                break;
            case TransactionEndEventData t when e.Key == RelationalEventId.TransactionCommitted.Name:
                probe.Add("commit", t.Duration.TotalMilliseconds, false);
                break;
            case ConnectionEndEventData c when e.Key == RelationalEventId.ConnectionOpened.Name:
                probe.Add("open connection", c.Duration.TotalMilliseconds, false);
                break;
        }
    }

    /// <summary>A short name for a command: what it does and to which table.</summary>
    private static string Kind(string sql)
    {
        var text = sql.TrimStart();
        var verb = text.Split(' ', 2)[0].ToUpperInvariant();
        if (text.Contains("ON CONFLICT", StringComparison.OrdinalIgnoreCase))
            return "upsert case-number counter";
        if (verb == "INSERT")
            return $"insert batch ({Count(text, "INSERT INTO")} rows)";
        var from = text.IndexOf("FROM \"", StringComparison.OrdinalIgnoreCase);
        var table = from < 0 ? "" : text[(from + 6)..].Split('"', 2)[0];
        return $"{verb.ToLowerInvariant()} {table}".Trim();
    }

    private static int Count(string text, string what)
    {
        int n = 0,
            at = 0;
        while ((at = text.IndexOf(what, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            n++;
            at += what.Length;
        }
        return n;
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }
}
