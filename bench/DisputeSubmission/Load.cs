using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Mediation.Bench.DisputeSubmission;

/// <summary>One simulated mini-program user: its own bearer token, sending one request at a time.</summary>
public sealed record Citizen(string Name, AuthenticationHeaderValue Authorization);

public sealed record Endpoint(string Name, string Path);

/// <summary>What one phase (one endpoint, fixed duration, all workers) produced.</summary>
public sealed record PhaseResult(
    Endpoint Endpoint,
    int Sent,
    int Errors,
    TimeSpan Elapsed,
    double[] LatenciesMs,
    IReadOnlyList<string> ErrorSamples
)
{
    /// <summary>Successful (201) submissions per second.</summary>
    public double RequestsPerSecond => (Sent - Errors) / Elapsed.TotalSeconds;
}

/// <summary>
/// Closed-loop load: each worker sends a request, reads the whole response, and sends the next, until the
/// phase's time is up. Both endpoints get byte-identical requests (same body, bearer token and a fresh
/// Idempotency-Key each time); the bare endpoint simply ignores the headers.
/// </summary>
public sealed class Load(HttpClient client, byte[] body, IReadOnlyList<Citizen> citizens)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public async Task<PhaseResult> RunAsync(Endpoint endpoint, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = citizens.Select(c => Task.Run(() => WorkAsync(endpoint, c, deadline))).ToArray();
        var results = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new PhaseResult(
            endpoint,
            results.Sum(r => r.Sent),
            results.Sum(r => r.Errors),
            elapsed,
            results.SelectMany(r => r.Latencies).ToArray(),
            results.SelectMany(r => r.Samples).Take(5).ToList()
        );
    }

    private async Task<(int Sent, int Errors, List<double> Latencies, List<string> Samples)> WorkAsync(
        Endpoint endpoint,
        Citizen citizen,
        long deadline
    )
    {
        var latencies = new List<double>(4096);
        var samples = new List<string>();
        int sent = 0,
            errors = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Path)
            {
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = Json;
            request.Headers.Authorization = citizen.Authorization;
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var sentAt = Stopwatch.GetTimestamp();
            string? failure;
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                failure =
                    response.StatusCode == HttpStatusCode.Created
                        ? null
                        : $"{(int)response.StatusCode} {Truncate(await response.Content.ReadAsStringAsync())}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failure = $"{e.GetType().Name}: {e.Message}";
            }
            latencies.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
            sent++;
            if (failure is null)
                continue;
            errors++;
            if (samples.Count < 5)
                samples.Add($"{endpoint.Name} ({citizen.Name}): {failure}");
        }
        return (sent, errors, latencies, samples);
    }

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
