namespace Mediation.Bench;

/// <summary>
/// Client-side round-robin over API instances: each request goes to the next instance in turn, whatever host the
/// request names (what a simple load balancer does). Linked into the bench projects that take --targets.
/// </summary>
internal sealed class RoundRobinHandler(IReadOnlyList<Uri> instances, HttpMessageHandler inner)
    : DelegatingHandler(inner)
{
    private int next = -1;
    private readonly int[] counts = new int[instances.Count];

    /// <summary>Requests sent to each instance so far.</summary>
    public IReadOnlyList<int> Counts => counts;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var i = (int)((uint)Interlocked.Increment(ref next) % (uint)instances.Count);
        Interlocked.Increment(ref counts[i]);
        request.RequestUri = new UriBuilder(request.RequestUri!)
        {
            Host = instances[i].Host,
            Port = instances[i].Port,
        }.Uri;
        return base.SendAsync(request, ct);
    }

    protected override void Dispose(bool disposing) { } // the inner handler is shared; its owner disposes it
}
