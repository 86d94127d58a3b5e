using System.Diagnostics;
using Mediation.Api.Tests.Evidence;
using Mediation.Api.Tests.Intake;
using Minio.DataModel.Args;
using Xunit.Abstractions;

namespace Mediation.Api.Tests.Operations.ScaleOut;

public sealed record FiledCase(
    int Index,
    Guid Id,
    string CaseNumber,
    string OpenId,
    HttpClient Citizen,
    Guid ApplicantPartyId,
    bool Consents,
    IReadOnlyList<Guid> RespondentPartyIds
);

/// <summary>
/// Several instances on one PostgreSQL and one S3 server, as compose.yaml runs them (see <see cref="Cluster"/>). Cases
/// are filed concurrently through both HTTP instances, evidence is uploaded, and sessions are scheduled so that all
/// their reminders fall due at the same moment; the job server holding them is killed (SIGKILL) just before and another
/// one started. Every reminder must arrive exactly once at the fake WeChat or SMS server and in each mediator's inbox.
/// </summary>
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int Cases = 16;

    [Fact]
    public async Task ManyCasesThroughTwoHttpInstancesGetEveryReminderExactlyOnceAcrossAJobServerKill()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await Cluster.StartAsync();
        var started = clock.Elapsed;
        try
        {
            await RunAsync(cluster, started, clock);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    private async Task RunAsync(Cluster cluster, TimeSpan started, Stopwatch clock)
    {
        var admin = await cluster.StaffAsync(Cluster.AdminUsername, Cluster.AdminPassword);
        var bodies = await admin.GetFromJsonAsync<JsonElement>("/api/bodies");
        var bodyId = bodies
            .EnumerateArray()
            .Single(b => b.GetProperty("code").GetString() == "WD-ZJC-XC")
            .GetProperty("id")
            .GetGuid();
        var (_, intake) = await cluster.NewStaffAsync(admin, bodyId, "Intake");
        var mediators = await Task.WhenAll(
            Enumerable.Range(0, Cases).Select(_ => cluster.NewStaffAsync(admin, bodyId, "Mediator"))
        );

        // 1. File concurrently: each application gets its number without anything shared.
        var cases = await Task.WhenAll(
            Enumerable
                .Range(0, Cases)
                .Select(async i =>
                {
                    var openId = $"scale-{i}-{Guid.NewGuid():N}";
                    var citizen = await cluster.CitizenAsync(openId);
                    var created = await citizen.FileOkAsync(await Applications.ValidAsync(citizen));
                    return new FiledCase(
                        i,
                        created.GetProperty("id").GetGuid(),
                        created.GetProperty("applicationNumber").GetString()!,
                        openId,
                        citizen,
                        created.GetProperty("applicant").GetProperty("id").GetGuid(),
                        Consents: i % 2 == 0,
                        created
                            .GetProperty("respondents")
                            .EnumerateArray()
                            .Select(r => r.GetProperty("id").GetGuid())
                            .ToList()
                    );
                })
        );
        cases.Select(c => c.CaseNumber).Should().OnlyHaveUniqueItems("application numbers are unique");

        // 2. Evidence, concurrently, streamed by either instance to the one S3 bucket.
        var uploads = await Task.WhenAll(
            cases.Select(c => c.Citizen.UploadAsync(c.Id.ToString(), TestFiles.Jpeg(256 * 1024), "现场照片.jpg"))
        );
        uploads.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
        var stored = 0;
        await foreach (
            var _ in TestS3
                .Client()
                .ListObjectsEnumAsync(
                    new ListObjectsArgs().WithBucket(cluster.Environment["Minio__Bucket"]).WithRecursive(true)
                )
        )
            stored++;

        // 3. Accept (case numbers come from one counter row, whichever instance serves the request), assign one
        // mediator per case, consent to WeChat reminders for half of the citizens.
        cases = await Task.WhenAll(
            cases.Select(async c =>
            {
                var accepted = await intake.PostAsync($"/api/intake/{c.Id}/accept").OkJsonAsync();
                c = c with { CaseNumber = accepted.GetProperty("caseNumber").GetString()! };
                await intake
                    .PostAsync($"/api/intake/{c.Id}/assign", new { mediatorIds = new[] { mediators[c.Index].Id } })
                    .OkJsonAsync();
                if (!c.Consents)
                    return c;
                await c
                    .Citizen.PostAsync(
                        "/api/me/subscriptions",
                        new { results = new Dictionary<string, string> { [Cluster.ReminderTemplate] = "accept" } }
                    )
                    .OkJsonAsync();
                cluster.WeChat.GrantSubscription(c.OpenId, Cluster.ReminderTemplate);
                return c;
            })
        );
        cases.Select(c => int.Parse(c.CaseNumber[^5..])).Order().Should().Equal(Enumerable.Range(1, Cases));

        // 4. Sessions whose reminders all fall due at `due`.
        var due = DateTime.UtcNow.AddSeconds(12);
        var sessions = await Task.WhenAll(
            cases.Select(async c =>
            {
                var response = await mediators[c.Index]
                    .Client.PostAsJsonAsync(
                        $"/api/disputes/{c.Id}/sessions",
                        new
                        {
                            mode = "Phone",
                            startsAt = due + Cluster.ReminderOffset,
                            durationMinutes = 30,
                            partyIds = new[] { c.ApplicantPartyId },
                        }
                    );
                response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            })
        );
        DateTime
            .UtcNow.Should()
            .BeBefore(
                due,
                "scheduling must finish before the reminders are due; raise the lead time if this machine is slower"
            );

        // 5. Kill the job server with all 16 reminders armed on it, 2 s before they fall due, then start another: the
        //    reminders must survive in the shared storage and arrive once. (A kill in the middle of a WeChat send cannot be
        //    exactly-once: WeChat's send has no idempotency key. The credit round below kills mid-delivery, where the
        //    receiver dedupes on Idempotency-Key.)
        await Task.Delay(due.AddSeconds(-2) - DateTime.UtcNow);
        await cluster.JobServer("jobs-1").KillAsync();
        var killedAt = clock.Elapsed;
        var beforeKill = Received(cluster, cases).Sum(r => r.Count);
        await cluster.StartJobServerAsync("jobs-2");

        // 6. Wait for every reminder (a killed server's jobs come back after Jobs:InvisibilityTimeout; lost deliveries are swept each minute).
        for (
            var deadline = DateTime.UtcNow.AddSeconds(75);
            DateTime.UtcNow < deadline && Received(cluster, cases).Any(r => r.Count == 0);

        )
            await Task.Delay(500);
        var allAt = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3)); // a duplicate would arrive late
        var received = Received(cluster, cases);
        var inApp = await Task.WhenAll(
            cases.Select(async c =>
            {
                var inbox = await mediators[c.Index].Client.GetFromJsonAsync<JsonElement>("/api/me/notifications");
                return inbox
                    .GetProperty("items")
                    .EnumerateArray()
                    .Count(n =>
                        n.GetProperty("kind").GetString() == "SessionReminder"
                        && n.GetProperty("sessionId").GetGuid() == sessions[c.Index]
                    );
            })
        );

        // 7. Credit (issue 6) plugs in here: see RunCreditRoundAsync.
        var credit = await RunCreditRoundAsync(
            cluster,
            admin,
            bodyId,
            cases,
            mediators.Select(m => m.Client).ToArray()
        );

        output.WriteLine(
            $"scale-out on loopback: 2 HTTP instances + job servers on one PostgreSQL and one S3 bucket; up in {started.TotalSeconds:0.0} s, total {clock.Elapsed.TotalSeconds:0.0} s"
        );
        output.WriteLine($"  requests per HTTP instance   {string.Join(" / ", cluster.RequestsPerInstance)}");
        output.WriteLine(
            $"  cases          filed {cases.Length}, unique case numbers {cases.Select(c => c.CaseNumber).Distinct().Count()}"
        );
        output.WriteLine(
            $"  uploads        sent {uploads.Length}, accepted {uploads.Count(u => u.StatusCode == HttpStatusCode.Created)}, objects in the bucket {stored}"
        );
        output.WriteLine(
            $"  reminders      expected {cases.Length}, received {received.Count(r => r.Count > 0)} "
                + $"(WeChat {received.Where(r => r.Channel == "WeChat").Sum(r => r.Count)}, SMS {received.Where(r => r.Channel == "Sms").Sum(r => r.Count)}), "
                + $"lost {received.Count(r => r.Count == 0)}, duplicates {received.Sum(r => Math.Max(0, r.Count - 1))}; "
                + $"the SMS gateway dropped {cluster.Sms.Replays} repeated requestId(s)"
        );
        output.WriteLine(
            $"  job server     jobs-1 killed (SIGKILL) 2 s before the reminders fell due, {beforeKill} had arrived; jobs-2 started; all arrived {(allAt - killedAt).TotalSeconds:0.0} s after the kill"
        );
        output.WriteLine(
            $"  in-app         expected {cases.Length}, received {inApp.Count(n => n > 0)}, duplicates {inApp.Sum(n => Math.Max(0, n - 1))}"
        );
        output.WriteLine($"  credit records {credit.Line}");

        stored.Should().Be(Cases);
        received.Should().OnlyContain(r => r.Count == 1, "every reminder arrives exactly once");
        inApp.Should().OnlyContain(n => n == 1);
        credit
            .PerCase.Should()
            .HaveCount(Cases)
            .And.OnlyContain(n => n == 1, "every credit record reaches the centre exactly once");
        credit.Distinct.Should().Be(Cases);
    }

    /// <summary>
    /// Reminders that reached the fake receivers, per case and channel. A consenting citizen normally gets WeChat; if a
    /// job server dies after spending the one-time consent but before WeChat answered, the retry cannot spend it again
    /// and falls back to SMS. Either way the person must get the reminder once: the count is over both channels.
    /// </summary>
    private static List<(string Channel, int Count)> Received(Cluster cluster, IEnumerable<FiledCase> cases)
    {
        var wechat = cluster.WeChat.SentMessages;
        var sms = cluster.Sms.Messages;
        return cases
            .Select(c =>
            {
                var byWeChat = c.Consents
                    ? wechat.Count(m => m.OpenId == c.OpenId && m.TemplateId == Cluster.ReminderTemplate)
                    : 0;
                var bySms = sms.Count(m => m.Content.Contains(c.CaseNumber) && m.Content.Contains("调解提醒"));
                return (byWeChat > 0 || bySms == 0 ? (c.Consents ? "WeChat" : "Sms") : "Sms", byWeChat + bySms);
            })
            .ToList();
    }

    /// <summary>
    /// Issue 6 across instances: each case gets an agreement (the applicant confirms in the "mini-program", the
    /// respondents on paper, the mediator signs, a supervisor approves) with a payment due today, late at once under
    /// the cluster's settings. The escalation runs on the job server; the supervisor approves the warnings through both
    /// HTTP instances; after the 5-second objection window the next run makes them effective and pushes them, while the
    /// credit centre answers 500 to the first three pushes and the job server is killed as the first record arrives.
    /// Each record must arrive exactly once.
    /// </summary>
    private static async Task<(string Line, int[] PerCase, int Distinct)> RunCreditRoundAsync(
        Cluster cluster,
        HttpClient admin,
        Guid bodyId,
        IReadOnlyList<FiledCase> cases,
        HttpClient[] mediators
    )
    {
        var (_, supervisor) = await cluster.NewStaffAsync(admin, bodyId, "Supervisor");
        var today = DateOnly.FromDateTime(
            TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"))
        );
        await Task.WhenAll(
            cases.Select(async c =>
            {
                var mediator = mediators[c.Index];
                var draft = await mediator
                    .PostAsync(
                        $"/api/disputes/{c.Id}/agreement",
                        new
                        {
                            kind = "Written",
                            facts = "双方因通道堆物发生纠纷。",
                            responsibilities = "被申请人负主要责任。",
                            terms = "被申请人赔偿申请人损失。",
                            obligations = new[]
                            {
                                new
                                {
                                    obligorPartyId = c.RespondentPartyIds[0],
                                    obligeePartyId = c.ApplicantPartyId,
                                    description = "赔偿损失",
                                    amountFen = 100_000L,
                                    dueDate = today,
                                },
                            },
                        }
                    )
                    .OkJsonAsync(HttpStatusCode.Created);
                var id = draft.GetProperty("id").GetGuid();
                var sha = (await mediator.PostAsync($"/api/agreements/{id}/submit").OkJsonAsync())
                    .GetProperty("sha256")
                    .GetString();
                await c.Citizen.PostAsync($"/api/agreements/{id}/sign", new { sha256 = sha }).OkJsonAsync();
                foreach (var party in c.RespondentPartyIds)
                    await mediator
                        .PostAsync($"/api/agreements/{id}/sign", new { sha256 = sha, partyId = party })
                        .OkJsonAsync();
                await mediator.PostAsync($"/api/agreements/{id}/sign", new { sha256 = sha }).OkJsonAsync();
                var effective = await supervisor
                    .PostAsync($"/api/agreements/{id}/approve", new { sha256 = sha })
                    .OkJsonAsync();
                effective.GetProperty("status").GetString().Should().Be("Effective");
            })
        );

        (await admin.PostAsync("/api/admin/credit/escalation-runs")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var proposals = await WaitForAsync(
            async () =>
            {
                var items = (await supervisor.GetFromJsonAsync<JsonElement>("/api/credit/proposals"))
                    .GetProperty("items")
                    .EnumerateArray()
                    .ToList();
                return items.Count >= cases.Count ? items : null;
            },
            TimeSpan.FromSeconds(60),
            "a warning proposal for every overdue case"
        );
        await Task.WhenAll(
            proposals.Select(p =>
                supervisor
                    .PostAsync($"/api/credit/proposals/{p.GetProperty("id")}/approve", new { reason = "逾期属实" })
                    .OkJsonAsync()
            )
        );
        await Task.Delay(TimeSpan.FromSeconds(6)); // the objection windows end

        cluster.CreditCentre.FailNext(500, 3);
        (await admin.PostAsync("/api/admin/credit/escalation-runs")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await WaitForAsync(
            () => Task.FromResult(cluster.CreditCentre.Records.Count > 0 ? "" : null),
            TimeSpan.FromSeconds(60),
            "the first credit record"
        );
        await cluster.JobServer("jobs-2").KillAsync();
        var atKill = cluster.CreditCentre.Records.Count;
        await cluster.StartJobServerAsync("jobs-3");
        var numbers = cases.Select(c => c.CaseNumber).ToList();
        await WaitForAsync(
            () =>
                Task.FromResult(
                    numbers.All(n =>
                        cluster.CreditCentre.Records.Any(r => r.GetProperty("caseNumber").GetString() == n)
                    )
                        ? ""
                        : null
                ),
            TimeSpan.FromSeconds(90),
            "a credit record for every case"
        );
        await Task.Delay(TimeSpan.FromSeconds(3)); // a duplicate would arrive late
        var records = cluster.CreditCentre.Records;
        var perCase = numbers
            .Select(n =>
                records.Count(r =>
                    r.GetProperty("caseNumber").GetString() == n && r.GetProperty("type").GetString() == "warning"
                )
            )
            .ToArray();
        var distinct = records.Select(r => r.GetProperty("recordId").GetGuid()).Distinct().Count();
        return (
            $"sent {cases.Count}, received {perCase.Count(n => n > 0)} (distinct {distinct}), duplicates {perCase.Sum(n => Math.Max(0, n - 1))}; "
                + $"the centre answered 500 three times and saw {cluster.CreditCentre.Requests} requests, {cluster.CreditCentre.Replays} replays of a known key; "
                + $"jobs-2 killed after {atKill} record(s), jobs-3 delivered the rest",
            perCase,
            distinct
        );
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        for (var deadline = DateTime.UtcNow + timeout; DateTime.UtcNow < deadline; await Task.Delay(500))
            if (await probe() is { } found)
                return found;
        throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}");
    }
}
