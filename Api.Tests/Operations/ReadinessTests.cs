using Mediation.Api.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Minio.DataModel.Args;

namespace Mediation.Api.Tests.Operations;

/// <summary>Readiness reports each dependency; liveness asks none. These tests break dependencies, so each class has
/// its own app.</summary>
public sealed class ReadinessOnFileSystemTests(ApiHost<SqliteDatabase> api) : IClassFixture<ApiHost<SqliteDatabase>>
{
    [Fact]
    public async Task WhenTheEvidenceFolderCannotBeWrittenReadinessIs503NamingTheFileStoreAndLivenessStaysUp()
    {
        var client = api.CreateClient();
        (await client.GetStringAsync("/health/ready")).Should().Be("Healthy");
        var root = ((FileSystemObjectStorage)api.Services.GetRequiredService<IObjectStorage>()).Root;
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
        await File.WriteAllTextAsync(root, "not a folder"); // a lost mount or a full, read-only disk look the same to the service

        try
        {
            var ready = await client.GetAsync("/health/ready");
            var checks = await ReadinessProblem.ShouldBe503Async(ready, "证据文件存储");
            checks
                .Should()
                .Equal(
                    new Dictionary<string, string>
                    {
                        ["database"] = "Healthy",
                        ["jobs"] = "Healthy",
                        ["objectStorage"] = "Unhealthy",
                    }
                );
            (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            File.Delete(root);
        }
        (await client.GetStringAsync("/health/ready")).Should().Be("Healthy");
    }
}

/// <summary>PostgreSQL for the data, a second PostgreSQL database for the jobs, and a bucket on the S3
/// server.</summary>
public sealed class ReadinessOnServersApi() : ApiFactory(new Servers())
{
    public TestPostgres.Database Data => Servers.Data;
    public TestPostgres.Database Jobs => Servers.Jobs;
    public string Bucket => Servers.Bucket;

    private Servers Servers => (Servers)Database;
}

internal sealed class Servers : ITestDatabase
{
    public TestPostgres.Database Data { get; } = TestPostgres.NewDatabase();
    public TestPostgres.Database Jobs { get; } = TestPostgres.NewDatabase();
    public string Bucket { get; } = TestS3.NewBucketName();

    public async Task<IEnumerable<KeyValuePair<string, string?>>> CreateAsync()
    {
        await Data.CreateAsync();
        await Jobs.CreateAsync();
        return new KeyValuePair<string, string?>[]
        {
            new("Database:Provider", "Postgres"),
            new("Database:ConnectionString", Data.ConnectionString),
            new("Jobs:Storage", "Postgres"),
            new("Jobs:ConnectionString", Jobs.ConnectionString),
            new("Jobs:RunServer", "false"),
        }.Concat(TestS3.Settings(Bucket));
    }

    public async Task DropAsync()
    {
        await Data.DropAsync();
        await Jobs.DropAsync();
    }
}

public sealed class ReadinessOnServersTests(ReadinessOnServersApi api) : IClassFixture<ReadinessOnServersApi>
{
    [Fact]
    public async Task ReadinessNamesEachDependencyThatStopsAnswering()
    {
        var client = api.CreateClient();
        (await client.GetStringAsync("/health/ready")).Should().Be("Healthy");

        await TestS3.Client().RemoveBucketAsync(new RemoveBucketArgs().WithBucket(api.Bucket));
        (await ReadinessProblem.ShouldBe503Async(await client.GetAsync("/health/ready"), "证据文件存储"))
            .Should()
            .Equal(
                new Dictionary<string, string>
                {
                    ["database"] = "Healthy",
                    ["jobs"] = "Healthy",
                    ["objectStorage"] = "Unhealthy",
                }
            );

        await api.Jobs.DropAsync();
        (await ReadinessProblem.ShouldBe503Async(await client.GetAsync("/health/ready"), "后台任务存储"))
            .Should()
            .Equal(
                new Dictionary<string, string>
                {
                    ["database"] = "Healthy",
                    ["jobs"] = "Unhealthy",
                    ["objectStorage"] = "Unhealthy",
                }
            );

        await api.Data.DropAsync();
        (await ReadinessProblem.ShouldBe503Async(await client.GetAsync("/health/ready"), "数据库"))
            .Should()
            .Equal(
                new Dictionary<string, string>
                {
                    ["database"] = "Unhealthy",
                    ["jobs"] = "Unhealthy",
                    ["objectStorage"] = "Unhealthy",
                }
            );
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

internal static class ReadinessProblem
{
    public static async Task<Dictionary<string, string>> ShouldBe503Async(HttpResponseMessage response, string named)
    {
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("服务暂时不可用，请稍后再试");
        problem.GetProperty("detail").GetString().Should().Contain(named);
        problem.GetRawText().Should().NotContain("Host=").And.NotContain("Exception");
        return problem.GetProperty("checks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }
}
