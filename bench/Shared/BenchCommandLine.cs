namespace Mediation.Bench;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>Command-line handling shared by the bench projects that host the service in-process.</summary>
internal static class BenchCommandLine
{
    /// <summary>
    /// Parses the arguments; on -h/--help prints the usage and gives 0, on a bad argument prints the error and the
    /// usage to stderr and gives 2; null when the benchmark is to run.
    /// </summary>
    public static int? TryParse<T>(string[] args, Func<string[], T> parse, string usage, out T options)
    {
        options = default!;
        if (args is ["-h"] or ["--help"])
        {
            Console.WriteLine(usage);
            return 0;
        }
        try
        {
            options = parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(usage);
            return 2;
        }
        return null;
    }

    public static void RequireConnection(Provider provider, string? connection)
    {
        if (provider == Provider.Postgres && string.IsNullOrWhiteSpace(connection))
            throw new ArgumentException(
                "--provider postgres needs --connection (e.g. from `bash scripts/postgres.sh start`)"
            );
    }
}
