using Mediation.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mediation.Api.Tests.Hosting;

/// <summary>A production start with bad settings fails once, naming all of them, instead of one per restart.</summary>
public sealed class StartupConfigurationTests
{
    private static Exception StartProduction(params (string Key, string Value)[] settings)
    {
        var storage = Directory.CreateTempSubdirectory("startup-config-").FullName;
        try
        {
            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Production");
                b.UseContentRoot(ApiFactory.RepoRoot);
                b.UseSetting("Storage:Root", storage);
                foreach (var (key, value) in settings)
                    b.UseSetting(key, value);
            });
            var start = () => factory.CreateClient();
            return start.Should().Throw<Exception>().Which;
        }
        finally
        {
            try
            {
                Directory.Delete(storage, recursive: true);
            }
            catch (IOException) { }
        }
    }

    private static StartupConfigurationException Find(Exception e) =>
        (e as StartupConfigurationException ?? (e.InnerException is { } inner ? Find(inner) : null))
        ?? throw new Xunit.Sdk.XunitException($"no StartupConfigurationException in: {e}");

    [Fact]
    public void EveryMissingOrWeakSecretIsListedInOneStartupError()
    {
        var error = Find(
            StartProduction(
                ("Auth:SigningKey", ""), // missing
                ("PersonalData:EncryptionKey", ""), // missing
                ("PersonalData:HashKey", "c2hvcnQ="), // 5 bytes: too weak
                ("WeChat:AppId", ""),
                ("WeChat:AppSecret", ""),
                ("Admin:Username", "admin"),
                ("Admin:Password", "short"),
                ("Sms:Url", "https://sms.example.invalid/send"),
                ("Sms:Secret", "")
            )
        );

        error
            .Message.Should()
            .Contain("Auth:SigningKey")
            .And.Contain("PersonalData:EncryptionKey")
            .And.Contain("PersonalData:HashKey")
            .And.Contain("WeChat:AppId")
            .And.Contain("Admin:Password")
            .And.Contain("Sms:Secret");
        error.Problems.Should().HaveCount(6);
    }

    [Fact]
    public void EqualPersonalDataKeysAreReportedWithTheOtherProblems()
    {
        var key = Convert.ToBase64String(new byte[32]);
        var error = Find(
            StartProduction(
                ("Auth:SigningKey", Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray())),
                ("PersonalData:EncryptionKey", key),
                ("PersonalData:HashKey", key),
                ("WeChat:AppId", ""),
                ("WeChat:AppSecret", "")
            )
        );

        error.Problems.Should().HaveCount(2);
        error.Message.Should().Contain("must differ").And.Contain("WeChat:AppSecret");
    }
}
