using System.Diagnostics;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;
using Mediation.Api.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Bench.ReminderLag;

/// <summary>One seeded session: its mediator and the openids of its two parties, who each accepted one
/// reminder.</summary>
public sealed record SeededSession(Guid Id, Guid MediatorId, string ApplicantOpenId, string RespondentOpenId);

/// <summary>
/// Writes the cases straight into the app's database through its own <see cref="AppDbContext"/> (the API would take
/// longer than the run): per session a mediator, a case in mediation with two parties who have accounts and one
/// accepted reminder consent each, and a Scheduled phone session. The start times are set afterwards (<see
/// cref="SetStartsAsync"/>).
/// </summary>
public static class Seeder
{
    private const int Batch = 500;
    private static readonly DateTime Placeholder = new(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task<List<SeededSession>> SeedAsync(IServiceProvider services, int count, string templateId)
    {
        Guid bodyId;
        string typeCode;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            bodyId = await db.Bodies.Where(b => b.Code == "WD-ZJC-XC").Select(b => b.Id).SingleAsync();
            typeCode = await db.DisputeTypes.OrderBy(t => t.SortOrder).Select(t => t.Code).FirstAsync();
        }
        var now = DateTime.UtcNow;
        var run = Guid.NewGuid().ToString("N")[..6];
        var seeded = new List<SeededSession>(count);
        for (var start = 0; start < count; start += Batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + Batch); i++)
            {
                var mediator = new StaffUser
                {
                    Username = $"bench-{run}-m{i}",
                    PasswordHash = "-",
                    DisplayName = $"调解员{i}",
                    Roles = [StaffRoles.Mediator],
                    BodyId = bodyId,
                    CreatedAt = now,
                };
                var applicant = new CitizenUser
                {
                    OpenId = $"bench-{run}-a{i}",
                    CreatedAt = now,
                    LastLoginAt = now,
                };
                var respondent = new CitizenUser
                {
                    OpenId = $"bench-{run}-r{i}",
                    CreatedAt = now,
                    LastLoginAt = now,
                };
                var dispute = new Dispute
                {
                    ApplicationNumber = $"SQ-BENCH-{run}-{i:D6}",
                    CaseNumber = $"BENCH-{run}-{i:D6}",
                    BodyId = bodyId,
                    Status = DisputeStatus.InMediation,
                    TypeCode = typeCode,
                    Facts = "邻里纠纷",
                    Claims = "协商解决",
                    PreferredMode = MediationMode.Phone,
                    FiledByUserId = applicant.Id,
                    SubmittedAt = now,
                    QueuedAt = now,
                    UpdatedAt = now,
                };
                var a = new DisputeParty
                {
                    DisputeId = dispute.Id,
                    Role = PartyRole.Applicant,
                    Kind = PartyKind.Person,
                    Name = $"申请人{i}",
                    UserId = applicant.Id,
                };
                var r = new DisputeParty
                {
                    DisputeId = dispute.Id,
                    Role = PartyRole.Respondent,
                    Kind = PartyKind.Person,
                    Name = $"被申请人{i}",
                    UserId = respondent.Id,
                };
                dispute.Parties = [a, r];
                dispute.Mediators =
                [
                    new DisputeMediator
                    {
                        DisputeId = dispute.Id,
                        StaffUserId = mediator.Id,
                        AssignedAt = now,
                    },
                ];
                var session = new MediationSession
                {
                    DisputeId = dispute.Id,
                    Mode = MediationMode.Phone,
                    Status = SessionStatus.Scheduled,
                    StartsAt = Placeholder,
                    EndsAt = Placeholder.AddHours(1),
                    DurationMinutes = 60,
                    MediatorIds = [mediator.Id],
                    PartyIds = [a.Id, r.Id],
                    CreatedById = mediator.Id,
                    CreatedAt = now,
                    UpdatedAt = now,
                    ConfirmedBy = [mediator.Id, applicant.Id, respondent.Id],
                };
                db.AddRange(
                    mediator,
                    applicant,
                    respondent,
                    dispute,
                    session,
                    new SubscriptionConsent
                    {
                        UserId = applicant.Id,
                        TemplateId = templateId,
                        Remaining = 1,
                        UpdatedAt = now,
                    },
                    new SubscriptionConsent
                    {
                        UserId = respondent.Id,
                        TemplateId = templateId,
                        Remaining = 1,
                        UpdatedAt = now,
                    }
                );
                seeded.Add(new SeededSession(session.Id, mediator.Id, applicant.OpenId, respondent.OpenId));
            }
            await db.SaveChangesAsync();
        }
        return seeded;
    }

    /// <summary>Session i starts at due_i + offset, with due_i spread evenly over <paramref name="spread"/> from <paramref name="due"/>.</summary>
    public static async Task<Dictionary<Guid, DateTime>> SetStartsAsync(
        IServiceProvider services,
        List<SeededSession> sessions,
        DateTime due,
        TimeSpan spread,
        TimeSpan offset
    )
    {
        var dueOf = new Dictionary<Guid, DateTime>();
        var groups = sessions
            .Select(
                (s, i) =>
                    (
                        s.Id,
                        Due: due.AddSeconds(
                            sessions.Count == 1 ? 0 : Math.Floor(spread.TotalSeconds * i / sessions.Count)
                        )
                    )
            )
            .GroupBy(x => x.Due);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var group in groups)
        foreach (var chunk in group.Chunk(500))
        {
            var ids = chunk.Select(x => x.Id).ToList();
            var starts = group.Key + offset;
            await db
                .MediationSessions.Where(s => ids.Contains(s.Id))
                .ExecuteUpdateAsync(u =>
                    u.SetProperty(s => s.StartsAt, starts).SetProperty(s => s.EndsAt, starts.AddHours(1))
                );
            foreach (var id in ids)
                dueOf[id] = group.Key;
        }
        return dueOf;
    }
}
