using Hangfire;
using Mediation.Api.Sessions;
using Mediation.Api.Tests.Sessions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mediation.Api.Tests.Operations;

/// <summary>The sessions service with its job server running on the real clock (as Hangfire does), a reminder 5 s
/// before a session, and every log entry captured.</summary>
public sealed class CorrelatedApi() : SessionsFactory(new SqliteDatabase())
{
    public LogCapture Logs { get; } = new();

    protected override bool UsesRealClock => true;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [
            new("Jobs:Storage", "InMemory"),
            new("Jobs:RunServer", "true"),
            new("Sessions:ProposeFirstSession", "false"),
            new("Sessions:ReminderOffsets:0", "00:00:06"),
            new("Sessions:ReminderOffsets:1", "00:00:03"),
        ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddLogging(l => l.AddProvider(Logs)));
    }
}

public sealed class CorrelationTests(CorrelatedApi api) : IClassFixture<CorrelatedApi>
{
    [Fact]
    public async Task JobsEnqueuedByARequestAndByThoseJobsLogWithThatRequestsId()
    {
        // The minutely safety-net sweep would take over the chain whenever a minute turns while the reminders fall due
        // (it then arms the next wake-up under its own id); this test follows the chain the request starts.
        api.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(SessionReminderJob.SweepId);
        var c = await api.CaseWithMediatorAsync();
        var requestId = "req-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/disputes/{c.Id}/sessions")
        {
            Content = JsonContent.Create(
                new
                {
                    mode = "Phone",
                    startsAt = DateTime.UtcNow.AddSeconds(12),
                    durationMinutes = 60,
                    partyIds = new[] { c.ApplicantPartyId },
                }
            ),
        };
        request.Headers.Add("X-Request-Id", requestId);

        var response = await c.Mediator.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        response.Headers.GetValues("X-Request-Id").Should().Equal(requestId);
        // The request arms the reminder wake-up job for the first reminder; that job, when it has sent it, arms the
        // wake-up for the second one. Both run on the job server and log with the request's id.
        List<LogCapture.Entry> JobLogs(string job) =>
            api
                .Logs.Entries.Where(e =>
                    e.Category == "Mediation.Api.Jobs"
                    && e.Message.StartsWith($"Job {job} ")
                    && Equals(e.Scope.GetValueOrDefault("CorrelationId"), requestId)
                )
                .ToList();
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (
            DateTime.UtcNow < deadline
            && JobLogs("SessionReminderJob.RunDueAsync")
                .Select(e => e.Scope.GetValueOrDefault("JobId"))
                .Distinct()
                .Count() < 2
        )
            await Task.Delay(200);

        var jobLogs = JobLogs("SessionReminderJob.RunDueAsync");
        jobLogs
            .Select(e => e.Scope.GetValueOrDefault("JobId"))
            .Distinct()
            .Should()
            .HaveCountGreaterThanOrEqualTo(
                2,
                string.Join(
                    "\n",
                    api.Logs.Entries.Where(e => e.Category == "Mediation.Api.Jobs")
                        .Select(e => e.Message + " " + string.Join(",", e.Scope.Select(kv => kv.Key + "=" + kv.Value)))
                        .Take(20)
                )
            );
        jobLogs.Should().OnlyContain(e => e.Message.Contains("succeeded") && e.Scope.ContainsKey("JobId"));
        (await c.Citizen.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Count(n => n.GetProperty("kind").GetString() == "SessionReminder")
            .Should()
            .Be(2);
    }

    [Fact]
    public async Task WithoutAClientIdTheRequestGetsOneAndProblemsReportIt()
    {
        var response = await api.CreateClient().GetAsync("/api/disputes"); // no token: 401 problem
        var id = response.Headers.GetValues("X-Request-Id").Single();
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        id.Should().NotBeNullOrEmpty();
        problem.GetProperty("traceId").GetString().Should().Be(id);
    }

    [Fact]
    public async Task AnOverlongOrStrangeClientIdIsReplacedByTheServersOwn()
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Request-Id", "bad id\twith spaces");
        var response = await client.GetAsync("/health/live");
        response.Headers.GetValues("X-Request-Id").Single().Should().NotContain(" ");
    }
}
