using System.Threading.Channels;

namespace Mediation.Api.Infrastructure.Data;

/// <summary>
/// Commits the writes of busy endpoints (filing) together on SQLite. SQLite has one writer, and each commit waits for
/// the disk, so under load the writes used to queue for the lock one by one and each paid a whole commit. Here one
/// writer takes every write waiting at that moment, runs each inside its own savepoint (a failing one is rolled back
/// alone and gets its own exception), and commits them in one transaction. Nobody is answered before that commit: a
/// write is acknowledged exactly when it is durable, as before. On PostgreSQL (row locks, many writers, several
/// instances) each write runs in its own transaction on the request's context.
/// </summary>
public sealed class GroupCommit(IServiceScopeFactory scopes, SqliteWriteGate gate, ILogger<GroupCommit> logger)
    : BackgroundService
{
    /// <summary>At most this many writes share a transaction, which bounds how long one holds the write lock.</summary>
    public const int MaxBatch = 32;

    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true }
    );

    /// <summary>
    /// Runs <paramref name="write"/> (which adds to the context it is given and saves) in a transaction and returns once it
    /// is committed. The context is the writer's on SQLite, so the write must carry everything it needs.
    /// </summary>
    public async Task CommitAsync(
        AppDbContext requestDb,
        Func<AppDbContext, CancellationToken, Task> write,
        CancellationToken ct
    )
    {
        var pending = new PendingWrite(write, ct);
        // Not cancelled with the request: once the writer has started the write, the answer is whether it committed.
        if (gate.IsSqlite && ExecuteTask is { IsCompleted: false } && queue.Writer.TryWrite(pending))
        {
            await pending.Done.Task;
            return;
        }
        // PostgreSQL, or no writer running (not started, or stopped): a transaction of its own, queued behind this
        // process's other SQLite writers.
        using (await gate.EnterAsync(ct))
        {
            await using var tx = await requestDb.Database.BeginTransactionAsync(ct);
            await write(requestDb, ct);
            await tx.CommitAsync(ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (!gate.IsSqlite)
            return;
        var batch = new List<PendingWrite>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stopping))
            {
                Take(batch);
                if (batch.Count > 0)
                    await WriteBatchAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        finally
        {
            // Writes that were queued while the service began to stop are still written: their requests are waiting.
            queue.Writer.TryComplete();
            for (Take(batch); batch.Count > 0; Take(batch))
            {
                await WriteBatchAsync(batch);
                batch.Clear();
            }
        }
    }

    private void Take(List<PendingWrite> batch)
    {
        while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
            if (pending.RequestAborted.IsCancellationRequested)
                pending.Done.TrySetCanceled(pending.RequestAborted);
            else
                batch.Add(pending);
    }

    /// <summary>A batch that has started is finished even while the service stops: its requests are still waiting for
    /// it.</summary>
    private async Task WriteBatchAsync(List<PendingWrite> batch)
    {
        var none = CancellationToken.None;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            using (await gate.EnterAsync(none))
            {
                await using var tx = await db.Database.BeginTransactionAsync(none);
                foreach (var pending in batch)
                {
                    await tx.CreateSavepointAsync("grouped_write", none);
                    try
                    {
                        await pending.Write(db, none);
                        await tx.ReleaseSavepointAsync("grouped_write", none);
                    }
                    catch (Exception e)
                    {
                        await tx.RollbackToSavepointAsync("grouped_write", none);
                        await tx.ReleaseSavepointAsync("grouped_write", none);
                        pending.Failure = e;
                    }
                    db.ChangeTracker.Clear();
                }
                await tx.CommitAsync(none);
            }
            foreach (var pending in batch)
                if (pending.Failure is { } failure)
                    pending.Done.TrySetException(failure);
                else
                    pending.Done.TrySetResult();
        }
        catch (Exception e)
        {
            logger.LogError(e, "A grouped commit of {Count} writes failed", batch.Count);
            foreach (var pending in batch)
                pending.Done.TrySetException(e);
        }
    }

    private sealed class PendingWrite(
        Func<AppDbContext, CancellationToken, Task> write,
        CancellationToken requestAborted
    )
    {
        public Func<AppDbContext, CancellationToken, Task> Write { get; } = write;
        public CancellationToken RequestAborted { get; } = requestAborted;
        public Exception? Failure { get; set; }
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
