using Mediation.Api.Auth;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Mediators;

/// <summary>
/// Daily: a certificate (持证上岗) or a term of appointment that ends within the next 30 days is reported to the
/// supervisors (站长) of the mediator's body — or, if that body has none, of the nearest body above it — so that they
/// arrange the renewal before the mediator drops out of the directory. Once per mediator, kind and end date (the
/// dedupe key holds the date: a renewed certificate that later nears its end is reported again).
/// </summary>
public sealed class RegisterExpiryJob(AppDbContext db, Notifier notifier, TimeProvider clock)
{
    public const string RecurringId = "mediator-register-expiry";
    public const int DaysAhead = 30;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Date(now);
        var horizon = today.AddDays(DaysAhead);
        var ending = await db
            .MediatorProfiles.AsNoTracking()
            .Where(p =>
                (
                    p.CertificateValidUntil != null
                    && p.CertificateValidUntil >= today
                    && p.CertificateValidUntil <= horizon
                ) || (p.TermEndsOn != null && p.TermEndsOn >= today && p.TermEndsOn <= horizon)
            )
            .ToListAsync(ct);
        if (ending.Count == 0)
            return 0;
        var ids = ending.Select(p => p.StaffUserId).ToList();
        var mediators = await db
            .StaffUsers.AsNoTracking()
            .Where(s => ids.Contains(s.Id) && s.Active && s.BodyId != null)
            .ToDictionaryAsync(s => s.Id, ct);
        var tree = await db.Bodies.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.ParentId, ct);
        var supervisors = (
            await db
                .StaffUsers.AsNoTracking()
                .Where(s => s.Active && s.BodyId != null)
                .Select(s => new
                {
                    s.Id,
                    s.BodyId,
                    s.Roles,
                })
                .ToListAsync(ct)
        ).Where(s => s.Roles.Contains(StaffRoles.Supervisor)).ToLookup(s => s.BodyId!.Value, s => s.Id);

        List<Guid> SupervisorsFor(Guid body)
        {
            for (Guid? at = body; at is { } b; at = tree.GetValueOrDefault(b))
                if (supervisors[b].ToList() is { Count: > 0 } found)
                    return found;
            return [];
        }

        var sent = 0;
        foreach (var p in ending)
        {
            if (!mediators.TryGetValue(p.StaffUserId, out var m) || !m.Roles.Contains(StaffRoles.Mediator))
                continue;
            var ends = new List<(string Kind, DateOnly On, string What)>();
            if (p.CertificateValidUntil is { } cert && cert >= today && cert <= horizon)
                ends.Add(("certificate", cert, $"调解员证（{p.CertificateNumber}）有效期至"));
            if (p.TermEndsOn is { } term && term >= today && term <= horizon)
                ends.Add(("term", term, "聘任期限至"));
            foreach (var (kind, on, what) in ends)
            {
                var notice = new Notice(
                    "MediatorRegisterExpiring",
                    "MediatorRegisterExpiring",
                    kind == "certificate" ? "调解员证书即将到期" : "调解员任期即将届满",
                    $"调解员「{m.DisplayName}」的{what} {on:yyyy年M月d日}，还有 {on.DayNumber - today.DayNumber} 天。"
                        + "到期后该调解员将不再出现在群众可查的调解员名录中，请及时办理续期或续聘，并更新名册。",
                    null,
                    null,
                    []
                );
                foreach (var supervisor in SupervisorsFor(m.BodyId!.Value))
                    if (
                        await notifier.SendOnceAsync(
                            Recipient.Staff(supervisor),
                            notice,
                            $"mediator-{kind}:{m.Id:N}:{on:yyyyMMdd}:{supervisor:N}",
                            now,
                            ct
                        )
                    )
                        sent++;
            }
        }
        return sent;
    }
}
