using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Mediation.Api.Tests.Disputes;

/// <summary>
/// The migration that moved case numbers to acceptance, run down and up again over real rows: an accepted case and one
/// still waiting. Its own database (the class's host), since the schema goes back one migration in the middle.
/// </summary>
public abstract class ApplicationNumberMigrationTests(ApiFactory api)
{
    [Fact]
    public async Task RollingTheNumbersMigrationBackAndForwardKeepsEveryCasesNumbers()
    {
        var accepted = await api.FileCaseAsync();
        var waiting = await api.FileCaseAsync();
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        var caseNumber = (await intake.Client.PostAsync($"/api/intake/{accepted.Id}/accept").OkJsonAsync())
            .GetProperty("caseNumber")
            .GetString()!;

        await api.WithDbAsync(async db =>
        {
            var migrations = db.Database.GetMigrations().ToList();
            var numbers = migrations.FindIndex(m => m.EndsWith("_ApplicationNumbers", StringComparison.Ordinal));
            numbers.Should().BePositive();
            var migrator = db.GetService<IMigrator>();

            // Back to where every case had a case number: the waiting one takes its application number.
            await migrator.MigrateAsync(migrations[numbers - 1]);
            (await CaseNumberAsync(db, accepted.Id)).Should().Be(caseNumber);
            (await CaseNumberAsync(db, waiting.Id)).Should().Be(waiting.ApplicationNumber);

            await migrator.MigrateAsync(migrations[^1]);
        });

        var rows = api.WithDb(db =>
            db.Disputes.AsNoTracking()
                .Where(d => d.Id == accepted.Id || d.Id == waiting.Id)
                .ToDictionary(d => d.Id, d => (d.ApplicationNumber, d.CaseNumber))
        );
        // The schema before had no application numbers, so an accepted case comes back with one derived from its case
        // number, as every case numbered before the change got; the case number itself is kept.
        rows[accepted.Id].Should().Be(("SQ-" + caseNumber, caseNumber));
        rows[waiting.Id]
            .Should()
            .Be((waiting.ApplicationNumber, (string?)null), "a case not yet accepted has no number");
        // The service works on the migrated rows: the waiting case is accepted and numbered next.
        (await intake.Client.PostAsync($"/api/intake/{waiting.Id}/accept").OkJsonAsync())
            .GetProperty("caseNumber")
            .GetString()
            .Should()
            .Be(caseNumber[..^5] + (int.Parse(caseNumber[^5..]) + 1).ToString("D5"));
    }

    private static Task<string> CaseNumberAsync(DbContext db, Guid id) =>
        db
            .Database.SqlQuery<string>($"""SELECT "CaseNumber" AS "Value" FROM "Disputes" WHERE "Id" = {id}""")
            .SingleAsync();
}

public sealed class ApplicationNumberMigrationTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : ApplicationNumberMigrationTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class ApplicationNumberMigrationTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : ApplicationNumberMigrationTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
