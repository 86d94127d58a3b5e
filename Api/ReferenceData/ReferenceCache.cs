using Mediation.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.ReferenceData;

/// <summary>
/// Dispute types and bodies change a few times a year but are read on every filing: a snapshot kept for
/// <see cref="Lifetime"/>. An administrator's change on this instance invalidates it at once; other instances
/// see it within the lifetime.
/// </summary>
public sealed class ReferenceCache(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public sealed record Snapshot(IReadOnlyDictionary<string, DisputeType> Types, IReadOnlyDictionary<Guid, MediationBody> Bodies, DateTimeOffset LoadedAt);

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Snapshot? current;

    public async Task<Snapshot> GetAsync(CancellationToken ct)
    {
        var snapshot = current;
        if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < Lifetime) return snapshot;
        await gate.WaitAsync(ct);
        try
        {
            snapshot = current;
            if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < Lifetime) return snapshot;
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

    public async Task<DisputeType?> ActiveTypeAsync(string? code, CancellationToken ct) =>
        code is not null && (await GetAsync(ct)).Types.TryGetValue(code, out var type) && type.Active ? type : null;

    public async Task<MediationBody?> ActiveBodyAsync(Guid? id, CancellationToken ct) =>
        id is { } key && (await GetAsync(ct)).Bodies.TryGetValue(key, out var body) && body.Active ? body : null;

    public void Invalidate() => current = null;
}
