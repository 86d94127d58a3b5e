using Microsoft.EntityFrameworkCore.Storage;

namespace Mediation.Api.Disputes;

/// <summary>
/// Two numbers. The application number (申请编号) is given at filing and needs nothing shared: the China date and
/// eight characters of the case id's random part. The case number (案号) is given when the committee registers the case
/// (受理, or staff registration), gapless per body and year: the counter row is incremented with one atomic upsert
/// inside the caller's transaction, so concurrent acceptances (several instances included) queue on the row lock and a
/// rolled-back one gives its number back.
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

    // Crockford's base 32: no I, L, O or U, so a number read out on the phone is not misheard.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>「SQ20261204-7K3M9QTA」: the filing's China date and 40 bits of the UUID v7's random part (rand_b), so two
    /// applications of one day share a number with a chance of about n²/2⁴¹ (under 10⁻⁵ for a county's thousand); the
    /// unique index would refuse the second.</summary>
    public static string Application(Guid id, DateTime submittedUtc)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        ulong bits = 0;
        for (var i = 11; i < 16; i++)
            bits = (bits << 8) | bytes[i];
        Span<char> code = stackalloc char[8];
        for (var i = 7; i >= 0; i--, bits >>= 5)
            code[i] = Alphabet[(int)(bits & 31)];
        var day = TimeZoneInfo.ConvertTimeFromUtc(submittedUtc, China);
        return $"SQ{day:yyyyMMdd}-{code}";
    }

    /// <summary>The number with its name, for notices and letters.</summary>
    public static string Describe(string? caseNumber, string applicationNumber) =>
        caseNumber is null ? $"申请编号 {applicationNumber}" : $"案号 {caseNumber}";
}
