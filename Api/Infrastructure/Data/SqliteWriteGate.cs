namespace Mediation.Api.Infrastructure.Data;

/// <summary>
/// SQLite has one writer at a time. Busy write transactions of this process queue here, asynchronously and in
/// order, instead of each polling the database lock from a blocked thread. On PostgreSQL it lets everyone through.
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim? gate;

    public SqliteWriteGate(bool sqlite) => gate = sqlite ? new SemaphoreSlim(1, 1) : null;

    public bool IsSqlite => gate is not null;

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        if (gate is null)
            return Released.Instance;
        await gate.WaitAsync(ct);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                gate.Release();
        }
    }

    private sealed class Released : IDisposable
    {
        public static readonly Released Instance = new();

        public void Dispose() { }
    }
}
