using Microsoft.EntityFrameworkCore.Storage;

namespace Mediation.Api.Disputes;

/// <summary>
/// Case numbers are unique per body and year. The counter row is incremented with one atomic
/// upsert inside the caller's transaction, so concurrent submissions (several instances included)
/// queue on the row lock and a rolled-back submission gives its number back.
/// </summary>
public static class CaseNumbers
{
    private static readonly TimeZoneInfo China = ChinaTime.Zone;

    public static int YearInChina(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, China).Year;

    public static async Task<string> NextAsync(AppDbContext db, string bodyCode, DateTime nowUtc, CancellationToken ct)
    {
        var year = YearInChina(nowUtc);
        // A plain command on the request's connection and transaction: it runs while the submission holds the counter
        // (and, on SQLite, the database's one write lock), where EF's query pipeline would cost several times the
        // statement.
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = """
            INSERT INTO "CaseNumberCounters" ("Scope", "Year", "LastValue") VALUES (@scope, @year, 1)
            ON CONFLICT ("Scope", "Year") DO UPDATE SET "LastValue" = "CaseNumberCounters"."LastValue" + 1
            RETURNING "LastValue"
            """;
        AddParameter(command, "scope", bodyCode);
        AddParameter(command, "year", year);
        var value = Convert.ToInt32(
            await command.ExecuteScalarAsync(ct),
            System.Globalization.CultureInfo.InvariantCulture
        );
        return Format(bodyCode, year, value);
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public static string Format(string bodyCode, int year, int sequence) => $"{bodyCode}-{year}-{sequence:D5}";
}
