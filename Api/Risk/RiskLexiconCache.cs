namespace Mediation.Api.Risk;

/// <summary>
/// The current lexicon, compiled, for every request of the process: a filing never reads it from the database. It is
/// loaded at start, replaced at once when an administrator saves a version here, and looked up again in the background
/// every <see cref="RefreshEvery"/> for versions saved by another instance.
/// </summary>
public sealed class RiskLexiconCache(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RiskLexiconCache> logger)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    private volatile CompiledLexicon current = new(0, RiskLexicon.Parse(RiskLexicon.ShippedJson()));
    private long checkedAt = clock.GetTimestamp();
    private int refreshing;

    public CompiledLexicon Current
    {
        get
        {
            if (clock.GetElapsedTime(Interlocked.Read(ref checkedAt)) > RefreshEvery)
                _ = RefreshInBackgroundAsync();
            return current;
        }
    }

    public void Set(int version, RiskLexicon lexicon)
    {
        if (version >= current.Version)
            current = new CompiledLexicon(version, lexicon);
        Interlocked.Exchange(ref checkedAt, clock.GetTimestamp());
    }

    /// <summary>
    /// Seeds version 1 from Risk/lexicon.json on an empty table and loads the newest version. A release that ships a
    /// changed lexicon adds it as the next version while the newest is still one the system shipped; once an
    /// administrator has saved a version of their own, theirs stays in force and the shipped one is only logged.
    /// </summary>
    public async Task LoadAsync(AppDbContext db, CancellationToken ct)
    {
        var shipped = RiskLexicon.ShippedJson();
        var newest = await db
            .RiskLexiconVersions.AsNoTracking()
            .OrderByDescending(v => v.Version)
            .FirstOrDefaultAsync(ct);
        var shippedChanged = newest is not null && !SameLexicon(newest.Json, shipped);
        if (shippedChanged && newest!.CreatedById is not null)
            logger.LogInformation(
                "The shipped risk lexicon differs from version {Version}, which an administrator saved; keeping theirs",
                newest.Version
            );
        else if (newest is null || shippedChanged)
        {
            newest = new RiskLexiconVersion
            {
                Version = (newest?.Version ?? 0) + 1,
                Json = shipped,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                Note = newest is null ? "随系统发布的初始词库" : "随系统升级发布的词库",
            };
            db.RiskLexiconVersions.Add(newest);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance seeded it at the same moment.
                db.ChangeTracker.Clear();
                newest = await db.RiskLexiconVersions.AsNoTracking().OrderByDescending(v => v.Version).FirstAsync(ct);
            }
        }
        Set(newest.Version, RiskLexicon.Parse(newest.Json));
    }

    private static bool SameLexicon(string a, string b) =>
        RiskLexicon.Parse(a).ToJson() == RiskLexicon.Parse(b).ToJson();

    private async Task RefreshInBackgroundAsync()
    {
        if (Interlocked.Exchange(ref refreshing, 1) == 1)
            return;
        try
        {
            Interlocked.Exchange(ref checkedAt, clock.GetTimestamp());
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var newest = await db
                .RiskLexiconVersions.AsNoTracking()
                .Where(v => v.Version > current.Version)
                .OrderByDescending(v => v.Version)
                .FirstOrDefaultAsync();
            if (newest is not null)
                Set(newest.Version, RiskLexicon.Parse(newest.Json));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not refresh the risk lexicon; keeping version {Version}", current.Version);
        }
        finally
        {
            Interlocked.Exchange(ref refreshing, 0);
        }
    }
}
