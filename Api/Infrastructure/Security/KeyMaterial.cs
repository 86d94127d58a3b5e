using System.Security.Cryptography;

namespace Mediation.Api.Infrastructure.Security;

/// <summary>
/// Secret keys come from configuration. Only in Development may a missing key be generated
/// and kept under storage/keys, so that `dotnet run` works on a fresh machine; any other
/// environment refuses to start without it.
/// </summary>
public static class KeyMaterial
{
    /// <summary>
    /// As <see cref="Resolve(IConfiguration, IHostEnvironment, string, string, int)"/>, but a missing or malformed key
    /// is added to the builder's <see cref="StartupProblems"/> (so the start fails listing every one) and a throwaway
    /// key is returned in its place; <see cref="StartupChecks.CheckConfiguration"/> stops the start before anything
    /// uses it.
    /// </summary>
    public static byte[] Resolve(WebApplicationBuilder builder, string configKey, string fileName, int minBytes = 32)
    {
        try
        {
            return Resolve(builder.Configuration, builder.Environment, configKey, fileName, minBytes);
        }
        catch (InvalidOperationException e)
        {
            StartupProblems.Of(builder).Add(e.Message);
            return RandomNumberGenerator.GetBytes(minBytes);
        }
    }

    public static byte[] Resolve(
        IConfiguration configuration,
        IHostEnvironment environment,
        string configKey,
        string fileName,
        int minBytes = 32
    )
    {
        var configured = configuration[configKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(configured);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Configuration '{configKey}' must be base64.");
            }
            if (bytes.Length < minBytes)
                throw new InvalidOperationException(
                    $"Configuration '{configKey}' must hold at least {minBytes} bytes."
                );
            return bytes;
        }

        if (!environment.IsDevelopment())
            throw new InvalidOperationException(
                $"Configuration '{configKey}' is required outside Development (base64, at least {minBytes} bytes; e.g. `openssl rand -base64 32`)."
            );

        var dir = Path.Combine(StorageOptions.ResolveRoot(configuration, environment), "keys");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, fileName);
        if (File.Exists(path))
            return Convert.FromBase64String(File.ReadAllText(path).Trim());

        var key = RandomNumberGenerator.GetBytes(minBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(Convert.ToBase64String(key));
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs so both agree.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
