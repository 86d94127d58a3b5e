namespace Mediation.Api.ReferenceData;

/// <summary>
/// Dispute types and bodies change a few times a year but are read on every filing: a snapshot kept for
/// <see cref="Lifetime"/>. An administrator's change on this instance invalidates it at once; other instances
/// see it within the lifetime.
/// </summary>
public sealed class ReferenceCache(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public sealed record Snapshot(
        IReadOnlyDictionary<string, DisputeType> Types,
        IReadOnlyDictionary<Guid, MediationBody> Bodies,
        DateTimeOffset LoadedAt
    );

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Snapshot? current;

    public async Task<Snapshot> GetAsync(CancellationToken ct)
    {
        var snapshot = current;
        if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < Lifetime)
            return snapshot;
        await gate.WaitAsync(ct);
        try
        {
            snapshot = current;
            if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < Lifetime)
                return snapshot;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var types = await db.DisputeTypes.AsNoTracking().ToDictionaryAsync(t => t.Code, ct);
            var bodies = await db.Bodies.AsNoTracking().ToDictionaryAsync(b => b.Id, ct);
            return current = new Snapshot(types, bodies, clock.GetUtcNow());
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<DisputeType?> ActiveTypeAsync(string? code, CancellationToken ct)
    {
        if (code is null)
            return null;
        if ((await GetAsync(ct)).Types.TryGetValue(code, out var type))
            return type.Active ? type : null;
        // Not in the snapshot: perhaps added since (on another instance). Ask the database, never more than one row.
        return await MissAsync(db =>
            db.DisputeTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Code == code && t.Active, ct)
        );
    }

    public async Task<MediationBody?> ActiveBodyAsync(Guid? id, CancellationToken ct)
    {
        if (id is not { } key)
            return null;
        if ((await GetAsync(ct)).Bodies.TryGetValue(key, out var body))
            return body.Active ? body : null;
        return await MissAsync(db => db.Bodies.AsNoTracking().FirstOrDefaultAsync(b => b.Id == key && b.Active, ct));
    }

    private async Task<T?> MissAsync<T>(Func<AppDbContext, Task<T?>> query)
        where T : class
    {
        await using var scope = scopes.CreateAsyncScope();
        var found = await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        if (found is not null)
            Invalidate();
        return found;
    }

    public void Invalidate() => current = null;
}
