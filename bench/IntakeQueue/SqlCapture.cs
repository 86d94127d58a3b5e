using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Mediation.Bench.IntakeQueue;

/// <summary>One database command the app ran: its SQL, parameters and time (execution plus reading the rows).</summary>
internal sealed record CapturedCommand(string Sql, IReadOnlyList<DbParameter> Parameters, double Ms)
{
    /// <summary>Which of the queue's queries this is, recognised from its SQL (quotes removed: PostgreSQL's and
    /// SQLite's differ).</summary>
    public string Label => LabelOf(Sql.Replace("\"", ""));

    private static string LabelOf(string s) =>
        Has(s, "COUNT(*)") ? "count per (body, status), capped"
        : Has(s, "JOIN Disputes") && Has(s, "IdNumberHash") ? "related cases: matches"
        : Has(s, "FROM DisputeParties") && !Has(s, "JOIN") ? "related cases: own parties"
        : Has(s, "FROM Disputes") && Has(s, "ORDER BY d.SubmittedAt") && Has(s, "LIMIT") && !Has(s, "JOIN")
            ? "keyset range per (body, status)"
        : Has(s, "FROM Disputes") && Has(s, "DisputeParties") ? "page rows + parties"
        : Has(s, "FROM Bodies") ? "bodies"
        : Has(s, "FROM DisputeTypes") ? "dispute types"
        : Has(s, "FROM IntakeClaims") ? "claims"
        : Has(s, "FROM CorrectionRequests") ? "open corrections"
        : Has(s, "StaffUsers") ? "staff"
        : "other: " + (s.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "");

    private static bool Has(string sql, string part) => sql.Contains(part, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Listens to EF Core's diagnostic events and, while <see cref="On"/> is set, records every command the app
/// runs (there is one request at a time while it is on).
/// </summary>
internal sealed class SqlCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly List<CapturedCommand> Commands = [];
    private static readonly List<IDisposable> Subscriptions = [];
    public static volatile bool On;

    public static void Start() => Subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(new SqlCapture()));

    public static List<CapturedCommand> Take()
    {
        lock (Commands)
        {
            var copy = Commands.ToList();
            Commands.Clear();
            return copy;
        }
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (Subscriptions)
                Subscriptions.Add(listener.Subscribe(this));
    }

    // EF reports a reader's time in two parts: executing the command (CommandExecuted) and reading the rows until the
    // reader is disposed (DataReaderDisposing). On PostgreSQL the round trip is in the first, on SQLite mostly in the
    // second.
    private static readonly Dictionary<Guid, double> Executed = [];

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (!On)
            return;
        switch (e.Value)
        {
            case CommandExecutedEventData x when e.Key == RelationalEventId.CommandExecuted.Name:
                if (x.ExecuteMethod == DbCommandMethod.ExecuteReader)
                    lock (Executed)
                        Executed[x.CommandId] = x.Duration.TotalMilliseconds;
                else
                    Add(x.Command, x.Duration.TotalMilliseconds);
                break;
            case DataReaderDisposingEventData d:
                double executed;
                lock (Executed)
                    Executed.Remove(d.CommandId, out executed);
                Add(d.Command, executed + d.Duration.TotalMilliseconds);
                break;
        }
    }

    private static void Add(DbCommand command, double ms)
    {
        var parameters = command.Parameters.Cast<DbParameter>().Select(Clone).ToList();
        lock (Commands)
            Commands.Add(new CapturedCommand(command.CommandText, parameters, ms));
    }

    private static DbParameter Clone(DbParameter p) =>
        p switch
        {
            SqliteParameter s => new SqliteParameter(s.ParameterName, s.Value)
            {
                SqliteType = s.SqliteType,
                Size = s.Size,
            },
            NpgsqlParameter n => n.Clone(),
            _ => throw new NotSupportedException(p.GetType().Name),
        };

    public void OnCompleted() { }

    public void OnError(Exception error) { }
}
