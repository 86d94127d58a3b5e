using System.Text.Json.Nodes;
using Mediation.Api.Admin;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.ReferenceData;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Infrastructure;

public sealed record Staff(Guid Id, string Username, HttpClient Client);

/// <summary>Staff created straight in the database (as in StaffLoginTests), cases filed through the citizen
/// API.</summary>
public static class IntakeHarness
{
    public const string Password = "Staff-Passw0rd-1234";

    public static Guid BodyId(this ApiFactory api, string code) =>
        api.WithDb(db => db.Bodies.Single(b => b.Code == code).Id);

    public static async Task<Staff> NewStaffAsync(
        this ApiFactory api,
        string? bodyCode,
        string[] roles,
        string name = "测试员",
        string? phone = null,
        string? idNumber = null,
        int maxOpenCases = 20,
        List<string>? typeCodes = null
    )
    {
        var username = "s" + Guid.NewGuid().ToString("N")[..10];
        var protector = api.Services.GetRequiredService<PersonalDataProtector>();
        Guid id = default;
        await api.WithDbAsync(async db =>
        {
            var staff = new StaffUser
            {
                Username = username,
                PasswordHash = "",
                DisplayName = name,
                Roles = [.. roles],
                CreatedAt = DateTime.UtcNow,
                BodyId = bodyCode is null ? null : db.Bodies.Single(b => b.Code == bodyCode).Id,
                PhoneCipher = protector.ProtectOrNull(phone),
                PhoneHash = protector.HashOrNull(phone),
            };
            staff.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(staff, Password);
            db.StaffUsers.Add(staff);
            if (roles.Contains(StaffRoles.Mediator))
                db.MediatorProfiles.Add(
                    new MediatorProfile
                    {
                        StaffUserId = staff.Id,
                        MaxOpenCases = maxOpenCases,
                        TypeCodes = typeCodes ?? [],
                        IdNumberCipher = protector.ProtectOrNull(idNumber),
                        IdNumberHash = protector.HashOrNull(idNumber),
                    }
                );
            await db.SaveChangesAsync();
            id = staff.Id;
        });
        return new Staff(id, username, await api.StaffAsync(username, Password));
    }

    /// <summary>A new town with two villages, so that a test owns every case in them.</summary>
    public static async Task<(string Town, string VillageA, string VillageB)> NewTownAsync(this ApiFactory api)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var (town, a, b) = ($"T{suffix}", $"T{suffix}-A", $"T{suffix}-B");
        await api.WithDbAsync(async db =>
        {
            var county = db.Bodies.Single(x => x.Code == "WD");
            var t = new MediationBody
            {
                Code = town,
                Name = $"测试镇{suffix}",
                Level = BodyLevel.Town,
                ParentId = county.Id,
                Region = $"测试镇{suffix}",
            };
            db.Bodies.AddRange(
                t,
                new MediationBody
                {
                    Code = a,
                    Name = $"测试镇{suffix}甲村",
                    Level = BodyLevel.Village,
                    ParentId = t.Id,
                    Region = $"测试镇{suffix}甲村",
                },
                new MediationBody
                {
                    Code = b,
                    Name = $"测试镇{suffix}乙村",
                    Level = BodyLevel.Village,
                    ParentId = t.Id,
                    Region = $"测试镇{suffix}乙村",
                }
            );
            await db.SaveChangesAsync();
        });
        return (town, a, b);
    }

    public sealed record Filed(Guid Id, string ApplicationNumber, HttpClient Citizen);

    public static async Task<Filed> FileCaseAsync(
        this ApiFactory api,
        string bodyCode = "WD-ZJC-XC",
        Action<JsonObject>? edit = null
    )
    {
        var citizen = await api.CitizenAsync("c-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen, bodyCode);
        edit?.Invoke(application);
        var created = await citizen.FileOkAsync(application);
        return new Filed(
            created.GetProperty("id").GetGuid(),
            created.GetProperty("applicationNumber").GetString()!,
            citizen
        );
    }

    public static async Task<JsonElement> OkJsonAsync(this Task<HttpResponseMessage> call)
    {
        var response = await call;
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string url, object? body = null) =>
        client.PostAsJsonAsync(url, body ?? new { });

    public static async Task ShouldBeProblemAsync(
        this HttpResponseMessage response,
        System.Net.HttpStatusCode status,
        string? detailContains = null
    )
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        if (detailContains is not null)
            text.Should().Contain(detailContains);
    }

    public static string? Status(this ApiFactory api, Guid id) =>
        api.WithDb(db => db.Disputes.Single(d => d.Id == id).Status.ToString());
}
