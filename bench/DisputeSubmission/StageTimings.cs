using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using FluentValidation;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Idempotency;
using Mediation.Api.Infrastructure.PersonalData;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mediation.Bench.DisputeSubmission;

/// <summary>
/// One thread, no concurrency: the CPU cost of the pipeline's parts, called through the app's own services
/// with the benchmark's application. Tells what a submission costs before any lock or queue is involved.
/// </summary>
internal static class StageTimings
{
    public static async Task RunAsync(IServiceProvider services, HttpClient client, byte[] body, Citizen citizen)
    {
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var request = JsonSerializer.Deserialize<CreateDisputeRequest>(body, json)!;
        var response = await OneSubmissionAsync(client, body, citizen, json);
        var protector = services.GetRequiredService<PersonalDataProtector>();
        var bearer = services
            .GetRequiredService<IOptionsMonitor<JwtBearerOptions>>()
            .Get(JwtBearerDefaults.AuthenticationScheme);
        await using var scope = services.CreateAsyncScope();
        var validator = scope.ServiceProvider.GetRequiredService<IValidator<CreateDisputeRequest>>();
        var (values, hashed) = PersonalValues(request);

        Console.WriteLine();
        Console.WriteLine("  CPU cost of the parts, one thread (mean per submission; KB allocated, process-wide):");
        await Time("deserialize the JSON body (both endpoints)", () =>
            JsonSerializer.Deserialize<CreateDisputeRequest>(body, json)
        );
        await Time("validate the bearer token (JWT, HMAC-SHA256)", async () =>
            await bearer
                .TokenHandlers[0]
                .ValidateTokenAsync(citizen.Authorization.Parameter, bearer.TokenValidationParameters)
        );
        await Time("construct the validators (singletons: once per process, for scale)", () =>
            ActivatorUtilities.CreateInstance(scope.ServiceProvider, validator.GetType())
        );
        await Time("run the validators (incl. 2 DB lookups: type, body)", async () =>
            await validator.ValidateAsync(request)
        );
        await Time("hash the request for idempotency (JSON + SHA-256)", () => IdempotencyKeys.HashRequest(request));
        await Time($"encrypt {values.Count} values + HMAC {hashed.Count} (AES-GCM)", () =>
        {
            foreach (var v in values)
                protector.Protect(v);
            foreach (var v in hashed)
                protector.Hash(v);
        });
        var ciphers = values.Select(protector.Protect).ToList();
        await Time($"decrypt {ciphers.Count} values for the response", () =>
        {
            foreach (var c in ciphers)
                protector.Unprotect(c);
        });
        await Time("serialize the response for the idempotency record", () =>
            JsonSerializer.Serialize(response, JsonSerializerOptions.Web)
        );
    }

    private static async Task<DisputeResponse> OneSubmissionAsync(
        HttpClient client,
        byte[] body,
        Citizen citizen,
        JsonSerializerOptions json
    )
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/disputes")
        {
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Authorization = citizen.Authorization;
        message.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var answer = await client.SendAsync(message);
        answer.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<DisputeResponse>(await answer.Content.ReadAsStringAsync(), json)!;
    }

    /// <summary>What NewDispute encrypts (ID number, phone, address of every party) and hashes (ID number,
    /// phone).</summary>
    private static (List<string> Encrypted, List<string> Hashed) PersonalValues(CreateDisputeRequest r)
    {
        var parties = new[] { r.Applicant! }.Concat(r.Respondents!).Concat(r.ThirdParties ?? []).ToList();
        var encrypted = parties
            .SelectMany(p => new[] { p.IdNumber, p.Phone, p.Address })
            .OfType<string>()
            .Where(v => v.Length > 0)
            .ToList();
        var hashed = parties
            .SelectMany(p => new[] { p.IdNumber, p.Phone })
            .OfType<string>()
            .Where(v => v.Length > 0)
            .ToList();
        return (encrypted, hashed);
    }

    private static Task Time(string what, Action action) => Time(what, () =>
        {
            action();
            return Task.CompletedTask;
        });

    private static async Task Time(string what, Func<Task> action)
    {
        for (var i = 0; i < 50; i++)
            await action();
        var n = 0;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(1) || n < 20)
        {
            await action();
            n++;
        }
        var us = Stopwatch.GetElapsedTime(start).TotalMicroseconds / n;
        var kb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / n;
        Console.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"    {what, -58} {us, 9:0.0} µs {kb, 8:0.0} KB")
        );
    }
}
