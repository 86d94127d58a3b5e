namespace Mediation.Api.Tests.Infrastructure;

/// <summary>The SQLite app served by real Kestrel on a free loopback port.</summary>
public sealed class KestrelSqliteApi : ApiFactory
{
    public KestrelSqliteApi()
        : base(new SqliteDatabase()) => UseKestrel(0);
}
