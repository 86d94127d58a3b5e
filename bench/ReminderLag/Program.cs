using System.Diagnostics;
using System.Runtime.InteropServices;
using Hangfire;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.Notifications;
using Mediation.Api.Sessions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mediation.Bench.ReminderLag;

/// <summary>Seeds the sessions, schedules their reminders through the product, waits for the fake WeChat server to
/// receive them, reports the lag.</summary>
public static class ReminderLagBench
{
    private const string ReminderTemplateId = "bench-tmpl-session-reminder";

    public static async Task<int> Main(string[] args)
    {
        if (BenchCommandLine.TryParse(args, BenchOptions.Parse, BenchOptions.Usage, out var o) is { } exit)
            return exit;

        var offset = TimeSpan.FromHours(1);
        var expected = o.Sessions * 2;
        await using var weChat = await FakeWeChat.StartAsync(ReminderTemplateId);
        await using var api = new BenchApi(Host(o, weChat.BaseUrl));
        var baseUri = await api.StartAsync();
        var services = api.Services;

        Console.WriteLine(
            "Reminder lag benchmark: reminders due in the same minute, through Hangfire and the outbox to a fake WeChat server"
        );
        Console.WriteLine($"  when      {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(
            $"  machine   {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {LoadAverage()}"
        );
        Console.WriteLine(
            $"  server    Kestrel in this process on {baseUri}, Hangfire server on ({services.GetRequiredService<IOptions<Mediation.Api.Infrastructure.Jobs.JobsOptions>>().Value.WorkerCount} workers), job storage {o.Provider}"
        );
        Console.WriteLine($"  database  {api.DatabaseDescription}");
        Console.WriteLine(
            $"  WeChat    fake on {weChat.BaseUrl} (stable_token, subscribe/send), the app's real client"
        );
        Console.WriteLine(
            $"  load      {o.Sessions} sessions x (1 mediator + 2 consenting parties): {expected} WeChat reminders, {o.Sessions} mediator inbox reminders,"
        );
        Console.WriteLine(
            $"            due {(o.Spread == 0 ? "at the same instant" : $"spread over {o.Spread} s")}, {o.Lead} s after seeding"
        );

        var clock = Stopwatch.StartNew();
        var seeded = await Seeder.SeedAsync(services, o.Sessions, ReminderTemplateId);
        Console.WriteLine($"  seeded    {seeded.Count} sessions in {clock.Elapsed.TotalSeconds:F1} s");

        var due = DateTime.UtcNow.AddSeconds(o.Lead);
        due = due.AddTicks(-(due.Ticks % TimeSpan.TicksPerSecond));
        var dueOf = await Seeder.SetStartsAsync(services, seeded, due, TimeSpan.FromSeconds(o.Spread), offset);
        clock.Restart();
        await Parallel.ForEachAsync(
            seeded.Chunk(250),
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (chunk, ct) =>
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var jobs = scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>();
                var sessionOptions = scope.ServiceProvider.GetRequiredService<IOptions<SessionsOptions>>().Value;
                var ids = chunk.Select(s => s.Id).ToList();
                var now = DateTime.UtcNow;
                DateTime? earliest = null;
                foreach (var session in await db.MediationSessions.Where(s => ids.Contains(s.Id)).ToListAsync(ct))
                    if (
                        SessionScheduling.ScheduleReminders(db, session, sessionOptions, now) is { } at
                        && (earliest is null || at < earliest)
                    )
                        earliest = at;
                await db.SaveChangesAsync(ct);
                await ReminderWakeup.ArmAsync(db, jobs, earliest, now, ct);
            }
        );
        var scheduledIn = clock.Elapsed;
        Console.WriteLine(
            $"  scheduled {seeded.Count} reminders (the product's ScheduleReminders and ReminderWakeup) in {scheduledIn.TotalSeconds:F1} s; due at {due:HH:mm:ss} UTC, "
                + (
                    DateTime.UtcNow < due
                        ? $"{(due - DateTime.UtcNow).TotalSeconds:F0} s from now"
                        : $"ALREADY {(DateTime.UtcNow - due).TotalSeconds:F0} s PAST (raise --lead)"
                )
        );

        var giveUp = due.AddSeconds(o.Spread + o.Timeout);
        var last = -1;
        while (DateTime.UtcNow < giveUp && weChat.Messages.Count < expected)
        {
            await Task.Delay(1000);
            var count = weChat.Messages.Count;
            if (count != last && (DateTime.UtcNow.Second % 5 == 0 || count >= expected))
                Console.WriteLine(
                    $"  {DateTime.UtcNow:HH:mm:ss}  delivered {count, 6} / {expected}   load {LoadAverage()}"
                );
            last = count;
        }
        await Task.Delay(2000); // a late duplicate would show up here

        var messages = weChat.Messages.ToList();
        var openIdDue = seeded
            .SelectMany(s => new[] { (s.ApplicantOpenId, dueOf[s.Id]), (s.RespondentOpenId, dueOf[s.Id]) })
            .ToDictionary(x => x.Item1, x => x.Item2);
        var firsts = messages
            .Where(m => openIdDue.ContainsKey(m.OpenId))
            .GroupBy(m => m.OpenId)
            .Select(g => g.Min(m => m.At) - openIdDue[g.Key])
            .ToList();
        var duplicates = messages.Count - firsts.Count;
        var lags = firsts.Select(l => l.TotalSeconds).Order().ToArray();

        Dictionary<string, int> outbox;
        int mediatorReminders;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            outbox = (
                await db
                    .OutboxMessages.Where(m => m.Kind == SessionScheduling.ReminderKind)
                    .GroupBy(m => new { m.Channel, m.Status })
                    .Select(g => new
                    {
                        g.Key.Channel,
                        g.Key.Status,
                        Count = g.Count(),
                    })
                    .ToListAsync()
            ).ToDictionary(x => $"{x.Channel}/{x.Status}", x => x.Count);
            mediatorReminders = await db.Notifications.CountAsync(n =>
                n.Kind == SessionScheduling.ReminderKind && n.RecipientKind == Notification.Staff
            );
        }
        var stats = services.GetRequiredService<JobStorage>().GetMonitoringApi().GetStatistics();

        Console.WriteLine();
        Console.WriteLine("RESULT");
        Console.WriteLine(
            $"  WeChat reminders delivered {firsts.Count} of {expected}, duplicates {duplicates}, refused by the fake {weChat.Refused}, token requests {weChat.TokenCalls}"
        );
        if (lags.Length > 0)
            Console.WriteLine(
                $"  lag from due time to delivery: p50 {Percentile(lags, 0.50):F1} s, p99 {Percentile(lags, 0.99):F1} s, max {lags[^1]:F1} s (first {lags[0]:F1} s)"
            );
        Console.WriteLine($"  mediator inbox reminders {mediatorReminders} of {o.Sessions}");
        Console.WriteLine(
            $"  outbox rows: {string.Join(", ", outbox.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"))}"
        );
        Console.WriteLine(
            $"  Hangfire: succeeded {stats.Succeeded}, failed {stats.Failed}, enqueued {stats.Enqueued}, scheduled {stats.Scheduled}, processing {stats.Processing}"
        );
        var pass = firsts.Count == expected && duplicates == 0 && lags.Length > 0 && Percentile(lags, 0.99) < 30;
        Console.WriteLine(
            $"  target: all delivered, none twice, p99 < 30 s   {(pass ? "PASS" : "MISS")}   (load average now {LoadAverage()})"
        );
        return firsts.Count == expected && duplicates == 0 ? 0 : 1;
    }

    /// <summary>
    /// The shared in-process host with its Hangfire server on, and the real WeChat client pointed at <see
    /// cref="FakeWeChat"/>.
    /// </summary>
    private static BenchApiOptions Host(BenchOptions o, string weChatBaseUrl) =>
        new()
        {
            FolderPrefix = "mediation-reminderbench-",
            DatabasePrefix = "rbench_",
            Provider = o.Provider,
            Connection = o.Connection,
            Keep = o.Keep,
            Configure = builder =>
            {
                // The real WeChat client against the fake server; one subscribe-message template for reminders.
                builder.UseSetting("WeChat:AppId", FakeWeChat.AppId);
                builder.UseSetting("WeChat:AppSecret", FakeWeChat.Secret);
                builder.UseSetting("WeChat:BaseUrl", weChatBaseUrl);
                builder.UseSetting("WeChat:Templates:SessionReminder:Id", ReminderTemplateId);
                builder.UseSetting("WeChat:Templates:SessionReminder:Fields:title", "thing1");
                builder.UseSetting("WeChat:Templates:SessionReminder:Fields:startsAt", "time2");
                builder.UseSetting("WeChat:Templates:SessionReminder:Fields:place", "thing3");
                builder.UseSetting("WeChat:Templates:SessionReminder:Fields:mode", "thing4");
                builder.UseSetting("Sms:Url", "");
                // The real Hangfire server with the provider's own job storage; only the one-hour reminder is
                // scheduled.
                builder.UseSetting("Jobs:RunServer", "true");
                builder.UseSetting("Jobs:Storage", o.Provider == Provider.Postgres ? "Postgres" : "Sqlite");
                if (o.Workers is { } workers)
                    builder.UseSetting("Jobs:WorkerCount", workers.ToString());
                builder.UseSetting("Sessions:ReminderOffsets:0", "01:00:00");
                builder.UseSetting("Sessions:ProposeFirstSession", "false");
                BenchApi.QuietLogging(builder);
            },
        };

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
