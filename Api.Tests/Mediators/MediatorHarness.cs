using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Tests.Mediators;

/// <summary>Register entries written straight to the database (the register endpoints have their own tests), cases
/// assigned through intake's API.</summary>
public static class MediatorHarness
{
    public static DateOnly Today(this ApiFactory api) => ChinaTime.Date(api.Clock.GetUtcNow().UtcDateTime);

    public static Task SetProfileAsync(this ApiFactory api, Guid staffId, Action<MediatorProfile> edit) =>
        api.WithDbAsync(async db =>
        {
            edit(await db.MediatorProfiles.SingleAsync(p => p.StaffUserId == staffId));
            await db.SaveChangesAsync();
        });

    public static Task DeactivateAsync(this ApiFactory api, Guid staffId) =>
        api.WithDbAsync(async db =>
        {
            (await db.StaffUsers.SingleAsync(s => s.Id == staffId)).Active = false;
            await db.SaveChangesAsync();
        });

    /// <summary>A case of the body accepted and assigned to the mediator: one open case on their load.</summary>
    public static async Task<Guid> AssignCaseAsync(this ApiFactory api, Staff intake, string bodyCode, Guid mediatorId)
    {
        var filed = await api.FileCaseAsync(bodyCode);
        await intake.Client.PostAsync($"/api/intake/{filed.Id}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{filed.Id}/assign", new { mediatorIds = new[] { mediatorId } })
            .OkJsonAsync();
        return filed.Id;
    }

    /// <summary>A citizen's satisfaction score on a (still unaccepted, so not open) case the mediator handled.</summary>
    public static async Task RateAsync(this ApiFactory api, string bodyCode, Guid mediatorId, int score)
    {
        var filed = await api.FileCaseAsync(bodyCode);
        await api.WithDbAsync(async db =>
        {
            var applicant = await db.DisputeParties.FirstAsync(p =>
                p.DisputeId == filed.Id && p.Role == PartyRole.Applicant
            );
            db.DisputeMediators.Add(
                new DisputeMediator
                {
                    DisputeId = filed.Id,
                    StaffUserId = mediatorId,
                    AssignedAt = DateTime.UtcNow,
                }
            );
            db.PartySatisfactions.Add(
                new PartySatisfaction
                {
                    DisputeId = filed.Id,
                    PartyId = applicant.Id,
                    UserId = applicant.UserId!.Value,
                    Score = score,
                    At = DateTime.UtcNow,
                }
            );
            await db.SaveChangesAsync();
        });
    }

    public static Task<Staff> NewMediatorAsync(
        this ApiFactory api,
        string bodyCode,
        string name,
        int maxOpenCases = 20,
        List<string>? typeCodes = null,
        string? phone = null,
        string? idNumber = null
    ) =>
        api.NewStaffAsync(
            bodyCode,
            [StaffRoles.Mediator],
            name,
            phone: phone,
            idNumber: idNumber,
            maxOpenCases: maxOpenCases,
            typeCodes: typeCodes
        );

    public static IEnumerable<Guid> Ids(this JsonElement list) =>
        list.EnumerateArray().Select(m => m.GetProperty("id").GetGuid());
}
