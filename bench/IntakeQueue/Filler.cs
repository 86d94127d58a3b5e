using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Mediation.Api.Disputes;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Mediation.Bench.IntakeQueue;

internal sealed record BodyRef(Guid Id, string Code);

internal sealed record PartyRow(
    Guid Id,
    Guid DisputeId,
    string Role,
    string Kind,
    int Position,
    string Name,
    string? IdNumberCipher,
    string? IdNumberHash,
    string PhoneCipher,
    string PhoneHash,
    string AddressCipher,
    string? CreditCode,
    string? LegalRepresentative
);

internal sealed record CaseRow(
    Guid Id,
    string CaseNumber,
    Guid BodyId,
    string Status,
    string Source,
    string TypeCode,
    string Facts,
    string Claims,
    long? AmountFen,
    string Place,
    string PreferredMode,
    Guid FiledByUserId,
    DateTime SubmittedAt,
    DateTime QueuedAt,
    DateTime UpdatedAt,
    int Version,
    PartyRow Applicant,
    PartyRow Respondent
);

/// <summary>
/// Realistic applications for the sample county, made up without the API: spread over WD and the bodies below it
/// (plus some at the city centre, which the county supervisor does not see), over statuses (most decided or closed,
/// about 3% waiting in the queue) and over two years. Each has an applicant and a respondent whose ID-number, phone
/// and credit-code hashes come from a population of 600,000 people and 50,000 organisations, so that people and
/// organisations come back in several cases (related cases) the way they do in a county.
/// </summary>
internal sealed class CaseGenerator(
    IReadOnlyList<BodyRef> bodies,
    IReadOnlyList<string> typeCodes,
    DateTime now,
    int seed
)
{
    private const int People = 600_000,
        Organisations = 50_000;
    private readonly Random rng = new(seed);
    private readonly Dictionary<Guid, int> sequence = [];

    // Share of each body, in per cent: the city centre's cases are outside the county supervisor's jurisdiction.
    private static readonly (string Code, int Weight)[] BodyWeights =
    [
        ("WH", 5),
        ("WD", 10),
        ("WD-ZJC", 15),
        ("WD-ZJC-DC", 12),
        ("WD-ZJC-XC", 12),
        ("WD-ZT", 15),
        ("WD-ZT-NC", 10),
        ("WD-ZT-BC", 10),
        ("WD-WY", 11),
    ];

    // Per mille. Waiting in the queue (Submitted, NeedsCorrection, Transferred, Accepted): 3.3%.
    public static readonly (DisputeStatus Status, int Weight)[] StatusWeights =
    [
        (DisputeStatus.Submitted, 15),
        (DisputeStatus.NeedsCorrection, 5),
        (DisputeStatus.Transferred, 3),
        (DisputeStatus.Accepted, 10),
        (DisputeStatus.MediatorAssigned, 10),
        (DisputeStatus.InMediation, 20),
        (DisputeStatus.Lapsed, 10),
        (DisputeStatus.Rejected, 50),
        (DisputeStatus.Agreed, 40),
        (DisputeStatus.Failed, 60),
        (DisputeStatus.Performing, 20),
        (DisputeStatus.Fulfilled, 150),
        (DisputeStatus.Defaulted, 10),
        (DisputeStatus.Closed, 567),
        (DisputeStatus.Withdrawn, 30),
    ];

    private static readonly string[] Surnames =
    [
        "王",
        "李",
        "张",
        "刘",
        "陈",
        "杨",
        "赵",
        "黄",
        "周",
        "吴",
        "徐",
        "孙",
        "胡",
        "朱",
        "高",
        "林",
        "何",
        "郭",
        "马",
        "罗",
        "于",
        "丛",
        "毕",
        "谷",
        "鞠",
    ];
    private static readonly string[] Given =
    [
        "伟",
        "芳",
        "娜",
        "秀英",
        "敏",
        "静",
        "丽",
        "强",
        "磊",
        "军",
        "洋",
        "勇",
        "艳",
        "杰",
        "娟",
        "涛",
        "明",
        "超",
        "秀兰",
        "霞",
        "平",
        "刚",
        "桂英",
        "建国",
        "志强",
        "海燕",
        "玉兰",
        "春生",
    ];
    private static readonly string[] Facts =
    [
        "邻居在两家之间的通道上堆放杂物，多次协商未果，影响正常通行。",
        "对方拖欠货款若干元，经多次催要至今未付，双方就付款期限发生争议。",
        "租赁房屋到期后，对方以房屋损坏为由拒不退还押金。",
        "施工期间噪声和粉尘影响居住，要求对方采取措施并赔偿损失。",
        "双方因宅基地界址发生争议，对方在界址上砌墙。",
        "在对方处务工期间工资未按时足额发放，要求支付拖欠工资。",
    ];
    private static readonly string[] Sources =
    [
        "MiniProgram",
        "MiniProgram",
        "MiniProgram",
        "MiniProgram",
        "WalkIn",
        "WalkIn",
        "Initiative",
        "PoliceReferral",
        "CourtReferral",
        "Petition",
    ];
    private readonly Guid[] filers = Enumerable.Range(0, 5000).Select(_ => Guid.NewGuid()).ToArray();

    public CaseRow Next()
    {
        var body = PickBody();
        var status = PickStatus();
        var waiting =
            status
            is DisputeStatus.Submitted
                or DisputeStatus.NeedsCorrection
                or DisputeStatus.Transferred
                or DisputeStatus.Accepted;
        // What still waits was filed recently; what is decided or closed, at any time in the last two years.
        var age = TimeSpan.FromMinutes(rng.NextDouble() * (waiting ? 60 : 730) * 24 * 60);
        var submitted = Truncate(now - age);
        var queued =
            status == DisputeStatus.Transferred
                ? Min(submitted + TimeSpan.FromHours(1 + rng.Next(72)), now)
                : submitted;
        var id = Guid.CreateVersion7(new DateTimeOffset(submitted));
        sequence[body.Id] = sequence.GetValueOrDefault(body.Id) + 1;
        var applicant = PersonParty(id, PartyRole.Applicant, rng.Next(People));
        var respondent =
            rng.Next(100) < 65
                ? PersonParty(id, PartyRole.Respondent, rng.Next(People))
                : OrganisationParty(id, rng.Next(Organisations));
        return new CaseRow(
            id,
            $"{body.Code}-{CaseNumbers.YearInChina(submitted)}-{sequence[body.Id]:D7}",
            body.Id,
            status.ToString(),
            Sources[rng.Next(Sources.Length)],
            typeCodes[rng.Next(typeCodes.Count)],
            Facts[rng.Next(Facts.Length)],
            "请求对方依法承担责任，协商解决。",
            rng.Next(4) == 0 ? null : 100 * rng.Next(1, 2_000_000),
            "山东省威海市文登区",
            "Phone",
            filers[rng.Next(filers.Length)],
            submitted,
            queued,
            Min(queued + TimeSpan.FromDays(rng.Next(60)), now),
            1 + rng.Next(6),
            applicant,
            respondent
        );
    }

    private PartyRow PersonParty(Guid dispute, PartyRole role, int person) =>
        new(
            Guid.CreateVersion7(),
            dispute,
            role.ToString(),
            "Person",
            role == PartyRole.Applicant ? 0 : 0,
            Surnames[person % Surnames.Length] + Given[person / Surnames.Length % Given.Length],
            Cipher(),
            Hash("id", person),
            Cipher(),
            Hash("phone", person),
            Cipher(),
            null,
            null
        );

    private PartyRow OrganisationParty(Guid dispute, int organisation) =>
        new(
            Guid.CreateVersion7(),
            dispute,
            "Respondent",
            "Organization",
            0,
            $"威海市文登区{Surnames[organisation % Surnames.Length]}氏{organisation}商贸有限公司",
            null,
            null,
            Cipher(),
            Hash("org-phone", organisation),
            Cipher(),
            CreditCode(organisation),
            Surnames[organisation % Surnames.Length] + "经理"
        );

    private BodyRef PickBody()
    {
        var r = rng.Next(100);
        foreach (var (code, weight) in BodyWeights)
            if ((r -= weight) < 0)
                return bodies.First(b => b.Code == code);
        return bodies[0];
    }

    private DisputeStatus PickStatus()
    {
        var r = rng.Next(1000);
        foreach (var (status, weight) in StatusWeights)
            if ((r -= weight) < 0)
                return status;
        return DisputeStatus.Closed;
    }

    // Looks like the app's AES-GCM output (base64 of nonce + ciphertext + tag); nobody decrypts it in the queue.
    private string Cipher()
    {
        Span<byte> bytes = stackalloc byte[46];
        rng.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }

    private static string Hash(string kind, int n) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{n}")));

    private static string CreditCode(int n) => "91371081" + n.ToString("D10");

    private static DateTime Truncate(DateTime t) =>
        new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}

/// <summary>Inserts generated applications straight into the app's tables: prepared INSERTs on SQLite, binary COPY on
/// PostgreSQL.</summary>
internal static class Filler
{
    private const int Batch = 100_000;

    public static async Task<TimeSpan> FillAsync(
        BenchOptions o,
        string connectionString,
        CaseGenerator generator,
        int count
    )
    {
        var watch = Stopwatch.StartNew();
        if (o.Provider == Provider.Sqlite)
            FillSqlite(connectionString, generator, count);
        else
            await FillPostgresAsync(connectionString, generator, count);
        return watch.Elapsed;
    }

    public static async Task AnalyzeAsync(BenchOptions o, string connectionString)
    {
        if (o.Provider == Provider.Sqlite)
        {
            using var c = new SqliteConnection(connectionString);
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
            cmd.CommandTimeout = 0;
            cmd.ExecuteNonQuery();
        }
        else
        {
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("VACUUM ANALYZE", c) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static readonly string[] DisputeColumns =
    [
        "Id",
        "CaseNumber",
        "BodyId",
        "Status",
        "Source",
        "TypeCode",
        "Facts",
        "Claims",
        "AmountFen",
        "Place",
        "PreferredMode",
        "PreferredMediatorId",
        "FiledByUserId",
        "SubmittedAt",
        "QueuedAt",
        "UpdatedAt",
        "Version",
    ];
    private static readonly string[] PartyColumns =
    [
        "Id",
        "DisputeId",
        "Role",
        "Kind",
        "Position",
        "Name",
        "IdNumberCipher",
        "IdNumberHash",
        "PhoneCipher",
        "PhoneHash",
        "AddressCipher",
        "CreditCode",
        "LegalRepresentative",
    ];

    private static string Insert(string table, string[] columns) =>
        $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})";

    // EF Core's SQLite mapping: Guid as upper-case TEXT, DateTime as 'yyyy-MM-dd HH:mm:ss.FFFFFFF' TEXT, enums as their
    // names.
    private static string G(Guid g) => g.ToString().ToUpperInvariant();

    private static string T(DateTime t) =>
        t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);

    private static void FillSqlite(string connectionString, CaseGenerator generator, int count)
    {
        using var c = new SqliteConnection(connectionString);
        c.Open();
        using (var pragma = c.CreateCommand())
        {
            pragma.CommandText =
                "PRAGMA cache_size = -1000000; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";
            pragma.ExecuteNonQuery();
        }
        for (var done = 0; done < count; done += Batch)
        {
            // One transaction per 100,000 cases (so the WAL stays a reasonable size), prepared statements reused.
            using var tx = c.BeginTransaction();
            using var dispute = c.CreateCommand();
            dispute.CommandText = Insert("Disputes", DisputeColumns);
            var dp = DisputeColumns.ToDictionary(
                x => x,
                x => dispute.Parameters.Add(new SqliteParameter("$" + x, null))
            );
            using var party = c.CreateCommand();
            party.CommandText = Insert("DisputeParties", PartyColumns);
            var pp = PartyColumns.ToDictionary(x => x, x => party.Parameters.Add(new SqliteParameter("$" + x, null)));
            dispute.Prepare();
            party.Prepare();
            for (var i = 0; i < Math.Min(Batch, count - done); i++)
            {
                var r = generator.Next();
                dp["Id"].Value = G(r.Id);
                dp["CaseNumber"].Value = r.CaseNumber;
                dp["BodyId"].Value = G(r.BodyId);
                dp["Status"].Value = r.Status;
                dp["Source"].Value = r.Source;
                dp["TypeCode"].Value = r.TypeCode;
                dp["Facts"].Value = r.Facts;
                dp["Claims"].Value = r.Claims;
                dp["AmountFen"].Value = (object?)r.AmountFen ?? DBNull.Value;
                dp["Place"].Value = r.Place;
                dp["PreferredMode"].Value = r.PreferredMode;
                dp["PreferredMediatorId"].Value = DBNull.Value;
                dp["FiledByUserId"].Value = G(r.FiledByUserId);
                dp["SubmittedAt"].Value = T(r.SubmittedAt);
                dp["QueuedAt"].Value = T(r.QueuedAt);
                dp["UpdatedAt"].Value = T(r.UpdatedAt);
                dp["Version"].Value = r.Version;
                dispute.ExecuteNonQuery();
                foreach (var p in new[] { r.Applicant, r.Respondent })
                {
                    pp["Id"].Value = G(p.Id);
                    pp["DisputeId"].Value = G(p.DisputeId);
                    pp["Role"].Value = p.Role;
                    pp["Kind"].Value = p.Kind;
                    pp["Position"].Value = p.Position;
                    pp["Name"].Value = p.Name;
                    pp["IdNumberCipher"].Value = (object?)p.IdNumberCipher ?? DBNull.Value;
                    pp["IdNumberHash"].Value = (object?)p.IdNumberHash ?? DBNull.Value;
                    pp["PhoneCipher"].Value = p.PhoneCipher;
                    pp["PhoneHash"].Value = p.PhoneHash;
                    pp["AddressCipher"].Value = p.AddressCipher;
                    pp["CreditCode"].Value = (object?)p.CreditCode ?? DBNull.Value;
                    pp["LegalRepresentative"].Value = (object?)p.LegalRepresentative ?? DBNull.Value;
                    party.ExecuteNonQuery();
                }
            }
            tx.Commit();
        }
    }

    private static async Task FillPostgresAsync(string connectionString, CaseGenerator generator, int count)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        for (var done = 0; done < count; done += Batch)
        {
            var rows = Enumerable.Range(0, Math.Min(Batch, count - done)).Select(_ => generator.Next()).ToList();
            await using var tx = await c.BeginTransactionAsync();
            await using (
                var w = await c.BeginBinaryImportAsync(
                    $"COPY \"Disputes\" ({string.Join(", ", DisputeColumns.Select(x => $"\"{x}\""))}) FROM STDIN (FORMAT BINARY)"
                )
            )
            {
                foreach (var r in rows)
                {
                    await w.StartRowAsync();
                    await w.WriteAsync(r.Id, NpgsqlDbType.Uuid);
                    await w.WriteAsync(r.CaseNumber, NpgsqlDbType.Varchar);
                    await w.WriteAsync(r.BodyId, NpgsqlDbType.Uuid);
                    await w.WriteAsync(r.Status, NpgsqlDbType.Varchar);
                    await w.WriteAsync(r.Source, NpgsqlDbType.Varchar);
                    await w.WriteAsync(r.TypeCode, NpgsqlDbType.Varchar);
                    await w.WriteAsync(r.Facts, NpgsqlDbType.Varchar);
                    await w.WriteAsync(r.Claims, NpgsqlDbType.Varchar);
                    if (r.AmountFen is { } a)
                        await w.WriteAsync(a, NpgsqlDbType.Bigint);
                    else
                        await w.WriteNullAsync();
                    await w.WriteAsync(r.Place, NpgsqlDbType.Varchar);
                    await w.WriteAsync(r.PreferredMode, NpgsqlDbType.Varchar);
                    await w.WriteNullAsync();
                    await w.WriteAsync(r.FiledByUserId, NpgsqlDbType.Uuid);
                    await w.WriteAsync(r.SubmittedAt, NpgsqlDbType.TimestampTz);
                    await w.WriteAsync(r.QueuedAt, NpgsqlDbType.TimestampTz);
                    await w.WriteAsync(r.UpdatedAt, NpgsqlDbType.TimestampTz);
                    await w.WriteAsync(r.Version, NpgsqlDbType.Integer);
                }
                await w.CompleteAsync();
            }
            await using (
                var w = await c.BeginBinaryImportAsync(
                    $"COPY \"DisputeParties\" ({string.Join(", ", PartyColumns.Select(x => $"\"{x}\""))}) FROM STDIN (FORMAT BINARY)"
                )
            )
            {
                foreach (var p in rows.SelectMany(r => new[] { r.Applicant, r.Respondent }))
                {
                    await w.StartRowAsync();
                    await w.WriteAsync(p.Id, NpgsqlDbType.Uuid);
                    await w.WriteAsync(p.DisputeId, NpgsqlDbType.Uuid);
                    await w.WriteAsync(p.Role, NpgsqlDbType.Varchar);
                    await w.WriteAsync(p.Kind, NpgsqlDbType.Varchar);
                    await w.WriteAsync(p.Position, NpgsqlDbType.Integer);
                    await w.WriteAsync(p.Name, NpgsqlDbType.Varchar);
                    await Nullable(w, p.IdNumberCipher);
                    await Nullable(w, p.IdNumberHash);
                    await w.WriteAsync(p.PhoneCipher, NpgsqlDbType.Text);
                    await w.WriteAsync(p.PhoneHash, NpgsqlDbType.Varchar);
                    await w.WriteAsync(p.AddressCipher, NpgsqlDbType.Text);
                    await Nullable(w, p.CreditCode);
                    await Nullable(w, p.LegalRepresentative);
                }
                await w.CompleteAsync();
            }
            await tx.CommitAsync();
        }
    }

    private static async Task Nullable(NpgsqlBinaryImporter w, string? value)
    {
        if (value is null)
            await w.WriteNullAsync();
        else
            await w.WriteAsync(value, NpgsqlDbType.Text);
    }
}
