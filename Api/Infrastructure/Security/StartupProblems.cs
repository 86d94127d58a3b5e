namespace Mediation.Api.Infrastructure.Security;

/// <summary>
/// Settings found missing or weak while the service is put together: the secret keys are needed to build the
/// authentication and personal-data services, before options validation runs. They are collected instead of thrown, so
/// that one failed start names every problem, together with every options validation failure, rather than one problem
/// per restart.
/// </summary>
public sealed class StartupProblems
{
    private static readonly object Key = typeof(StartupProblems);
    private readonly List<string> problems = [];

    public IReadOnlyList<string> All => problems;

    public void Add(string problem) => problems.Add(problem);

    /// <summary>The builder's collection (created and registered on first use).</summary>
    public static StartupProblems Of(IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryGetValue(Key, out var existing))
            return (StartupProblems)existing;
        var created = new StartupProblems();
        builder.Properties[Key] = created;
        builder.Services.AddSingleton(created);
        return created;
    }
}

/// <summary>The service cannot start: every setting to fix, one per line.</summary>
public sealed class StartupConfigurationException(IReadOnlyList<string> problems)
    : Exception(
        $"The service cannot start; fix these {problems.Count} settings:{string.Concat(problems.Select(p => "\n - " + p))}"
    )
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

public static class StartupChecks
{
    /// <summary>
    /// Runs every ValidateOnStart validation now, before migrations touch the database, and throws one exception
    /// listing them with the problems the builder collected. (The host would run the same validations again at start;
    /// they pass.)
    /// </summary>
    public static WebApplication CheckConfiguration(this WebApplication app)
    {
        var problems = new List<string>(app.Services.GetService<StartupProblems>()?.All ?? []);
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException e)
        {
            problems.AddRange(e.Failures);
        }
        catch (AggregateException e)
        {
            problems.AddRange(
                e.Flatten()
                    .InnerExceptions.SelectMany(x => x is OptionsValidationException o ? o.Failures : [x.Message])
            );
        }
        if (problems.Count > 0)
            throw new StartupConfigurationException(problems.Distinct().ToList());
        return app;
    }
}
