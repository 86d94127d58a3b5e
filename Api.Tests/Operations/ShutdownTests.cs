using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Hangfire;
using Mediation.Api.Tests.Evidence;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Operations;

/// <summary>An app on a PostgreSQL database it does not own, so that a second app (another job server) can use the same
/// one.</summary>
public sealed class SharedPostgresApi(TestPostgres.Database database) : ApiFactory(new Borrowed(database))
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Jobs:RunServer", "true")];

    /// <summary>The test creates and drops the database; each app only uses it.</summary>
    private sealed class Borrowed(TestPostgres.Database database) : ITestDatabase
    {
        public Task<IEnumerable<KeyValuePair<string, string?>>> CreateAsync() =>
            Task.FromResult<IEnumerable<KeyValuePair<string, string?>>>(database.Settings);

        public Task DropAsync() => Task.CompletedTask;
    }
}

public static class ShutdownJobs
{
    public static readonly ConcurrentDictionary<Guid, int> Starts = new();
    public static readonly ConcurrentDictionary<Guid, bool> Finished = new();

    /// <summary>The first run waits until the server stops (as a long job honouring its token does); a later run
    /// completes.</summary>
    public static async Task WaitForShutdownOnceAsync(Guid id, CancellationToken ct)
    {
        if (Starts.AddOrUpdate(id, 1, (_, n) => n + 1) == 1)
            await Task.Delay(Timeout.Infinite, ct);
        Finished[id] = true;
    }
}

/// <summary>Graceful shutdown: Kestrel stops accepting but lets requests in flight finish; the job server hands running
/// jobs back.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task AnUploadInFlightWhenTheServiceIsStoppedStillCompletes()
    {
        var api = new KestrelSqliteApi();
        await api.InitializeAsync();
        var alice = await api.CitizenClientAsync("shutdown");
        var id = await alice.FileCaseAsync();
        var file = TestFiles.Jpeg(1024 * 1024);
        var form = EvidenceHarness.WxForm(file, "现场.jpg");
        var content = new GatedContent(await form.ReadAsByteArrayAsync(), form.Headers.ContentType!);

        // A client of our own: the factory disposes the clients it made when it stops.
        using var phone = new HttpClient { BaseAddress = alice.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        phone.DefaultRequestHeaders.Authorization = alice.DefaultRequestHeaders.Authorization;
        var upload = phone.PostAsync($"/api/disputes/{id}/evidence", content);
        await content.FirstPartSent.Task;
        var stopping = api.DisposeAsync();
        using var probe = new HttpClient { BaseAddress = alice.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var refused = false;
        for (
            var deadline = DateTime.UtcNow.AddSeconds(30);
            !refused && DateTime.UtcNow < deadline;
            await Task.Delay(100)
        )
        {
            try
            {
                await probe.GetAsync("/health/live");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                refused = true;
            }
        }
        content.Release();
        var response = await upload;
        await stopping;

        refused.Should().BeTrue("the stopping service takes no new connections");
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("sha256")
            .GetString()
            .Should()
            .Be(TestFiles.Sha256(file));
    }

    [Fact]
    public async Task AJobRunningWhenItsServerStopsIsRunByTheNextServer()
    {
        var database = TestPostgres.NewDatabase();
        await database.CreateAsync();
        try
        {
            var jobId = Guid.NewGuid();
            var first = new SharedPostgresApi(database);
            await first.InitializeAsync();
            first
                .Services.GetRequiredService<IBackgroundJobClient>()
                .Enqueue(() => ShutdownJobs.WaitForShutdownOnceAsync(jobId, CancellationToken.None));
            for (
                var deadline = DateTime.UtcNow.AddSeconds(30);
                !ShutdownJobs.Starts.ContainsKey(jobId) && DateTime.UtcNow < deadline;

            )
                await Task.Delay(100);
            ShutdownJobs.Starts.Should().ContainKey(jobId);

            await first.DisposeAsync();
            ShutdownJobs.Finished.Should().NotContainKey(jobId);

            await using var second = new SharedPostgresApi(database);
            await second.InitializeAsync();
            for (
                var deadline = DateTime.UtcNow.AddSeconds(60);
                !ShutdownJobs.Finished.ContainsKey(jobId) && DateTime.UtcNow < deadline;

            )
                await Task.Delay(100);

            ShutdownJobs
                .Finished.Should()
                .ContainKey(jobId, "the job went back to the queue, not to the failed list or an invisibility timeout");
            ShutdownJobs.Starts[jobId].Should().Be(2);
        }
        finally
        {
            await database.DropAsync();
        }
    }

    /// <summary>Sends the first 64 KiB, then waits to be released before sending the rest: an upload from a slow
    /// phone.</summary>
    private sealed class GatedContent : HttpContent
    {
        private readonly byte[] body;
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource FirstPartSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public GatedContent(byte[] body, MediaTypeHeaderValue type)
        {
            this.body = body;
            Headers.ContentType = type;
        }

        public void Release() => gate.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, 64 * 1024));
            await stream.FlushAsync();
            FirstPartSent.TrySetResult();
            await gate.Task;
            await stream.WriteAsync(body.AsMemory(64 * 1024));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
