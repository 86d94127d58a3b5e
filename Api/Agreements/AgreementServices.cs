using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Agreements;

/// <summary>What the outcome endpoints need.</summary>
public sealed record AgreementServices(
    AppDbContext Db,
    Notifier Notifier,
    AuditLog Audit,
    TimeProvider Clock,
    PersonalDataProtector Protector,
    IOptions<ComplianceOptions> Options
)
{
    public DateTime Now { get; } = Clock.GetUtcNow().UtcDateTime;
    public DateOnly Today => ChinaTime.Date(Now);

    /// <summary>The case as this caller may see it (citizen: a party; staff: by jurisdiction or assignment), with
    /// parties and mediators.</summary>
    public async Task<Dispute?> VisibleCaseAsync(Guid disputeId, ClaimsPrincipal user, CancellationToken ct)
    {
        var query =
            user.GetKind() == Claims.CitizenKind
                ? Db.Disputes.VisibleToCitizen(user.GetUserId())
                : await Db.Disputes.VisibleToStaffAsync(user, Db, ct);
        return await query
            .Include(d => d.Parties)
            .Include(d => d.Mediators)
            .AsSplitQuery()
            .FirstOrDefaultAsync(d => d.Id == disputeId, ct);
    }

    public async Task<Agreement?> AgreementAsync(Guid id, CancellationToken ct) =>
        await Db
            .Agreements.Include(a => a.Obligations)
                .ThenInclude(o => o.Instalments)
            .Include(a => a.Signatures)
            .AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == id, ct);

    public async Task<AgreementContext> ContextAsync(Dispute dispute, CancellationToken ct) =>
        new(
            dispute,
            await Db.Bodies.Where(b => b.Id == dispute.BodyId).Select(b => b.Name).SingleAsync(ct),
            dispute.Parties.ToDictionary(p => p.Id)
        );

    /// <summary>Tells every party of the case (their account's inbox and channels, or SMS to a party without an
    /// account).</summary>
    public async Task NotifyPartiesAsync(
        Dispute dispute,
        Notice notice,
        string key,
        CancellationToken ct,
        IEnumerable<Guid>? onlyParties = null
    )
    {
        foreach (var party in dispute.Parties.Where(p => onlyParties is null || onlyParties.Contains(p.Id)))
            await Notifier.StageAsync(PartyRecipient(party), notice, $"{key}:{party.Id:N}", Now, ct);
    }

    public static Recipient PartyRecipient(DisputeParty p) =>
        p.UserId is { } u ? Recipient.Citizen(u) : new Recipient(Recipient.Party, p.Id);

    public static bool IsAssignedMediator(Dispute dispute, ClaimsPrincipal user) =>
        user.GetKind() == Claims.StaffKind
        && user.IsInRole(StaffRoles.Mediator)
        && dispute.Mediators.Any(m => m.StaffUserId == user.GetUserId() && m.RemovedAt == null);

    public static Notice CaseNotice(
        string kind,
        string title,
        string body,
        Dispute d,
        string template = "CaseNotice"
    ) =>
        new(
            kind,
            template,
            title,
            body,
            d.Id,
            null,
            new()
            {
                ["title"] = title,
                ["caseNumber"] = d.Reference,
                ["note"] = Trim(body, 20),
            }
        );

    private static string Trim(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
