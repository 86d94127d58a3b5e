namespace Mediation.Api.Tests.Infrastructure;

/// <summary>
/// The database a test host runs on, given to the harness as a type parameter (<c>ApiHost&lt;PostgresDatabase&gt;</c>):
/// a test class written once runs on each provider by declaring one sealed subclass per database.
/// </summary>
public interface ITestDatabase
{
    /// <summary>Creates the database and returns the service's settings for it.</summary>
    Task<IEnumerable<KeyValuePair<string, string?>>> CreateAsync();

    Task DropAsync();
}

/// <summary>The embedded default: storage/app.db under the host's own storage root, gone with it.</summary>
public sealed class SqliteDatabase : ITestDatabase
{
    public Task<IEnumerable<KeyValuePair<string, string?>>> CreateAsync() =>
        Task.FromResult<IEnumerable<KeyValuePair<string, string?>>>([new("Database:Provider", "Sqlite")]);

    public Task DropAsync() => Task.CompletedTask;
}

/// <summary>A fresh database on the run's PostgreSQL server (TEST_POSTGRES), data and Hangfire jobs both on
/// it.</summary>
public sealed class PostgresDatabase : ITestDatabase
{
    private readonly TestPostgres.Database database = TestPostgres.NewDatabase();

    public async Task<IEnumerable<KeyValuePair<string, string?>>> CreateAsync()
    {
        await database.CreateAsync();
        return database.Settings;
    }

    public Task DropAsync() => database.DropAsync();
}
