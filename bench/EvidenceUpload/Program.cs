using System.Diagnostics;
using System.Security.Cryptography;
using Mediation.Bench.EvidenceUpload;
using Minio;
using Minio.DataModel.Args;

// Evidence upload benchmark, one run against one S3 server:
//   1. throughput of a 100 MB upload through the API vs a direct PutObject of the same file with the SDK (target >= 0.8x);
//   2. growth of the API process's resident memory during a 200 MB upload (target < 64 MB).
// Usage: EvidenceUpload <path to Api.dll> <repo root>   (TEST_S3_ENDPOINT / TEST_S3_ACCESS_KEY / TEST_S3_SECRET_KEY set)
//    or: EvidenceUpload --targets http://a,http://b [...]  concurrent photo uploads to running API processes (ConcurrentUploads.cs)
if (args is ["--targets", ..])
    return await ConcurrentUploads.RunAsync(args);
const long HundredMb = 100_000_000,
    TwoHundredMb = 200_000_000;
const int Rounds = 3;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: EvidenceUpload <Api.dll> <repo root>");
    return 2;
}
var s3 = S3Settings.FromEnvironment();
var bucket = "bench-" + Guid.NewGuid().ToString("N")[..12];
var work = Directory.CreateTempSubdirectory("evidence-bench-files-").FullName;
try
{
    var file100 = MakeFile(Path.Combine(work, "video-100mb.mp4"), HundredMb);
    var file200 = MakeFile(Path.Combine(work, "video-200mb.mp4"), TwoHundredMb);
    var warmup = MakeFile(Path.Combine(work, "warmup.mp4"), 12_000_000);
    var sha100 = Sha256(file100);

    await using var api = await ApiProcess.StartAsync(args[0], args[1], s3, bucket); // creates the bucket at start
    using var client = new ApiClient(api.BaseAddress);
    await client.LoginAsync();
    var disputeId = await client.FileCaseAsync();
    var minio = new MinioClient()
        .WithEndpoint(s3.Endpoint)
        .WithCredentials(s3.AccessKey, s3.SecretKey)
        .WithRegion("us-east-1")
        .WithSSL(false)
        .Build();

    // Warm up both paths (JIT, connection pools) before measuring.
    await client.UploadAsync(disputeId, warmup);
    await PutAsync(minio, bucket, "warmup", warmup);

    var direct = new List<double>();
    var viaApi = new List<double>();
    for (var round = 1; round <= Rounds; round++)
    {
        direct.Add(await TimeAsync(() => PutAsync(minio, bucket, $"direct-{round}", file100)));
        var reported = "";
        viaApi.Add(await TimeAsync(async () => reported = await client.UploadAsync(disputeId, file100)));
        if (reported != sha100)
            throw new InvalidOperationException($"the API reported SHA-256 {reported}, the file has {sha100}");
        Console.WriteLine(
            $"round {round}: direct PutObject {Mbps(HundredMb, direct[^1])}, through the API {Mbps(HundredMb, viaApi[^1])}"
        );
    }
    var directBest = direct.Min();
    var apiBest = viaApi.Min();
    var ratio = directBest / apiBest;

    // Memory: sample VmRSS every 10 ms during one 200 MB upload.
    await Task.Delay(1000);
    var baseline = api.ResidentBytes();
    var peak = baseline;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peak = Math.Max(peak, api.ResidentBytes());
            await Task.Delay(10);
        }
    });
    var seconds200 = await TimeAsync(() => client.UploadAsync(disputeId, file200));
    await sampling.CancelAsync();
    await sampler;
    var growth = peak - baseline;

    Console.WriteLine();
    Console.WriteLine(
        $"S3 server: {s3.Endpoint}, bucket {bucket}; {Environment.ProcessorCount} cores; best of {Rounds} rounds"
    );
    Console.WriteLine($"100 MB direct PutObject (SDK 7.0.0):  {directBest, 6:0.00} s  {Mbps(HundredMb, directBest)}");
    Console.WriteLine($"100 MB through the API (multipart):   {apiBest, 6:0.00} s  {Mbps(HundredMb, apiBest)}");
    Console.WriteLine(
        $"API / direct throughput:              {ratio, 6:0.00}x  (target >= 0.80x) {(ratio >= 0.8 ? "PASS" : "FAIL")}"
    );
    Console.WriteLine(
        $"200 MB through the API:               {seconds200, 6:0.00} s  {Mbps(TwoHundredMb, seconds200)}"
    );
    Console.WriteLine(
        $"API RSS before / peak during:         {baseline / 1048576.0, 6:0.0} MB / {peak / 1048576.0:0.0} MB (kernel VmHWM {api.PeakResidentBytes() / 1048576.0:0.0} MB)"
    );
    Console.WriteLine(
        $"API RSS growth during 200 MB upload:  {growth / 1048576.0, 6:0.0} MB (target < 64 MB) {(growth < 64L * 1048576 ? "PASS" : "FAIL")}"
    );
    return ratio >= 0.8 && growth < 64L * 1048576 ? 0 : 1;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static string MakeFile(string path, long size)
{
    // An MP4 header, then random bytes (incompressible, like real video).
    byte[] head = [0x00, 0x00, 0x00, 0x18, .. "ftypisom"u8, 0x00, 0x00, 0x02, 0x00, .. "isommp41"u8];
    using var file = File.Create(path);
    var buffer = new byte[1024 * 1024];
    for (long written = 0; written < size; written += buffer.Length)
    {
        Random.Shared.NextBytes(buffer);
        if (written == 0)
            head.CopyTo(buffer, 0);
        file.Write(buffer, 0, (int)Math.Min(buffer.Length, size - written));
    }
    return path;
}

static string Sha256(string path)
{
    using var file = File.OpenRead(path);
    return Convert.ToHexStringLower(SHA256.HashData(file));
}

static async Task PutAsync(IMinioClient minio, string bucket, string key, string path)
{
    await using var file = File.OpenRead(path);
    await minio.PutObjectAsync(
        new PutObjectArgs()
            .WithBucket(bucket)
            .WithObject(key)
            .WithStreamData(file)
            .WithObjectSize(file.Length)
            .WithContentType("video/mp4")
    );
}

static async Task<double> TimeAsync(Func<Task> action)
{
    var watch = Stopwatch.StartNew();
    await action();
    return watch.Elapsed.TotalSeconds;
}

static string Mbps(long bytes, double seconds) => $"{bytes / 1e6 / seconds, 7:0.0} MB/s";
