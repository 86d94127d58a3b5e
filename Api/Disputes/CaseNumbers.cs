using Mediation.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Disputes;

/// <summary>
/// Case numbers are unique per body and year. The counter row is incremented with one atomic
/// upsert inside the caller's transaction, so concurrent submissions (several instances included)
/// queue on the row lock and a rolled-back submission gives its number back.
/// </summary>
public static class CaseNumbers
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static int YearInChina(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, China).Year;

    public static async Task<string> NextAsync(AppDbContext db, string bodyCode, DateTime nowUtc, CancellationToken ct)
    {
        var year = YearInChina(nowUtc);
        var values = await db.Database.SqlQuery<int>($"""
            INSERT INTO "CaseNumberCounters" ("Scope", "Year", "LastValue") VALUES ({bodyCode}, {year}, 1)
            ON CONFLICT ("Scope", "Year") DO UPDATE SET "LastValue" = "CaseNumberCounters"."LastValue" + 1
            RETURNING "LastValue" AS "Value"
            """).ToListAsync(ct);
        return Format(bodyCode, year, values.Single());
    }

    public static string Format(string bodyCode, int year, int sequence) => $"{bodyCode}-{year}-{sequence:D5}";
}
