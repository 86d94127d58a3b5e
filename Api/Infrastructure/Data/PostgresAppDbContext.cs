namespace Mediation.Api.Infrastructure.Data;

/// <summary>The same model on PostgreSQL; exists so that the PostgreSQL migrations (Migrations/Postgres) have their own
/// owner.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
