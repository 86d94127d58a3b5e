using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mediation.Api.Infrastructure.Data;

/// <summary>Work that may only start once the rows it refers to are committed (a delivery job for a staged notice), or
/// that is dropped with them.</summary>
public interface ICommitParticipant
{
    void Committed();
    void Abandoned();
}

/// <summary>
/// The request's (or job's) unit of work: one <see cref="AppDbContext"/> whose saves commit what handlers added. A
/// service that stages work for after the commit enlists once; it hears <see cref="ICommitParticipant.Committed"/>
/// after a SaveChanges outside a transaction or when the explicit transaction commits, and <see
/// cref="ICommitParticipant.Abandoned"/> when the save fails or the transaction rolls back. No handler enqueues by
/// hand.
/// </summary>
/// <remarks>A failed save inside a transaction that goes on (a group commit's savepoint) abandons the whole scope's
/// staged work; writes that run there (filings) stage none.</remarks>
public sealed class UnitOfWork
{
    private readonly List<ICommitParticipant> participants = [];

    public void Enlist(ICommitParticipant participant)
    {
        if (!participants.Contains(participant))
            participants.Add(participant);
    }

    /// <summary>Runs <paramref name="action"/> once, after the next commit; never if the save fails or rolls back first.</summary>
    public void OnCommit(Action action) => Enlist(new Once(action));

    private sealed class Once(Action action) : ICommitParticipant
    {
        private bool done;

        public void Committed()
        {
            if (done)
                return;
            done = true;
            action();
        }

        public void Abandoned() => done = true;
    }

    private void Committed()
    {
        foreach (var participant in participants.ToArray())
            participant.Committed();
        participants.RemoveAll(p => p is Once);
    }

    private void Abandoned()
    {
        foreach (var participant in participants.ToArray())
            participant.Abandoned();
        participants.RemoveAll(p => p is Once);
    }

    internal sealed class SaveHook(UnitOfWork work) : SaveChangesInterceptor
    {
        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            if (eventData.Context?.Database.CurrentTransaction is null)
                work.Committed();
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(
            SaveChangesCompletedEventData eventData,
            int result,
            CancellationToken ct = default
        ) => ValueTask.FromResult(SavedChanges(eventData, result));

        public override void SaveChangesFailed(DbContextErrorEventData eventData) => work.Abandoned();

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
        {
            work.Abandoned();
            return Task.CompletedTask;
        }
    }

    internal sealed class TransactionHook(UnitOfWork work) : DbTransactionInterceptor
    {
        public override void TransactionCommitted(
            System.Data.Common.DbTransaction transaction,
            TransactionEndEventData eventData
        ) => work.Committed();

        public override Task TransactionCommittedAsync(
            System.Data.Common.DbTransaction transaction,
            TransactionEndEventData eventData,
            CancellationToken ct = default
        )
        {
            work.Committed();
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(
            System.Data.Common.DbTransaction transaction,
            TransactionEndEventData eventData
        ) => work.Abandoned();

        public override Task TransactionRolledBackAsync(
            System.Data.Common.DbTransaction transaction,
            TransactionEndEventData eventData,
            CancellationToken ct = default
        )
        {
            work.Abandoned();
            return Task.CompletedTask;
        }
    }
}
