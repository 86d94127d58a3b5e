using Hangfire;
using Mediation.Api.Agreements;
using Mediation.Api.Disputes;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mediation.Api.Referrals;

/// <summary>
/// A referred case's end is told to its referrer (信息反馈: 诉调、公调、检调、访调对接). Every status change writes a
/// <see cref="DisputeStatusChange"/> row (<see cref="DisputeStateMachine.TryMove"/>); this hook sees, in the save that
/// commits it, whatever endpoint or job made it, a referred case reaching an agreement, a failure, a withdrawal or a
/// refusal, and adds in the same transaction its 调解结果告知函 and, where the referrer has an endpoint configured, a
/// push row; the push job starts once the save is committed.
/// </summary>
public sealed class ResultNotices(IServiceProvider services) : SaveChangesInterceptor
{
    public static ReferralResult? ResultOf(DisputeStatus status) =>
        status switch
        {
            DisputeStatus.Agreed => ReferralResult.Agreed,
            DisputeStatus.Failed => ReferralResult.Failed,
            DisputeStatus.Withdrawn => ReferralResult.Withdrawn,
            DisputeStatus.Rejected => ReferralResult.Refused,
            _ => null,
        };

    public static string ResultName(ReferralResult result) =>
        result switch
        {
            ReferralResult.Agreed => "调解成功，已达成调解协议",
            ReferralResult.Failed => "调解不成，已终止调解",
            ReferralResult.Withdrawn => "申请人撤回调解申请",
            _ => "不予受理",
        };

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default
    )
    {
        if (eventData.Context is AppDbContext db)
            await IssueAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db)
            IssueAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    private async Task IssueAsync(AppDbContext db, CancellationToken ct)
    {
        var endings = db
            .ChangeTracker.Entries<DisputeStatusChange>()
            .Where(e => e.State == EntityState.Added && ResultOf(e.Entity.To) is not null)
            .Select(e => e.Entity)
            .ToList();
        if (endings.Count == 0)
            return;
        var ids = endings.Select(e => e.DisputeId).Distinct().ToList();
        var cases = await db
            .Disputes.AsNoTracking()
            .Where(d => ids.Contains(d.Id) && d.Referral != null)
            .Select(d => new
            {
                d.Id,
                d.BodyId,
                CaseNumber = d.CaseNumber ?? d.ApplicationNumber,
                d.Source,
                d.Referral!.UnitName,
                d.Referral.DocumentNumber,
                d.Referral.ReceivedOn,
            })
            .ToDictionaryAsync(d => d.Id, ct);
        endings = endings.Where(e => cases.ContainsKey(e.DisputeId)).ToList();
        if (endings.Count == 0)
            return;
        var changeIds = endings.Select(e => e.Id).ToList();
        var done = await db
            .ResultNotices.Where(n => changeIds.Contains(n.StatusChangeId))
            .Select(n => n.StatusChangeId)
            .ToListAsync(ct);
        var options = services.GetRequiredService<IOptions<ReferralFeedbackOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var audit = ActivatorUtilities.CreateInstance<AuditLog>(services, db);
        var pushes = new List<Guid>();
        foreach (var ending in endings)
        {
            if (done.Contains(ending.Id) || db.ResultNotices.Local.Any(n => n.StatusChangeId == ending.Id))
                continue;
            var c = cases[ending.DisputeId];
            var result = ResultOf(ending.To)!.Value;
            var agreement = result == ReferralResult.Agreed ? await AgreementOfAsync(db, c.Id, ct) : null;
            var notice = new ResultNotice
            {
                DisputeId = c.Id,
                StatusChangeId = ending.Id,
                BodyId = c.BodyId,
                CaseNumber = c.CaseNumber,
                Source = c.Source,
                UnitName = c.UnitName,
                DocumentNumber = c.DocumentNumber,
                ReceivedOn = c.ReceivedOn,
                Result = result,
                EndedAt = ending.At,
                Reason = ending.Reason,
                AgreementNumber = agreement?.Number,
                AgreementSha256 = agreement?.TextSha256,
                CreatedAt = now,
            };
            db.ResultNotices.Add(notice);
            var endpoint = options.For(c.Source, c.UnitName);
            audit.Record(
                "ResultNoticeIssued",
                "ResultNotice",
                notice.Id,
                new
                {
                    disputeId = c.Id,
                    result,
                    c.UnitName,
                    pushed = endpoint is not null,
                }
            );
            if (endpoint is null)
                continue;
            var push = new ResultNoticePush
            {
                ResultNoticeId = notice.Id,
                DisputeId = c.Id,
                Endpoint = endpoint.Url!,
                NextAttemptAt = now,
                CreatedAt = now,
            };
            db.ResultNoticePushes.Add(push);
            pushes.Add(push.Id);
        }
        if (pushes.Count > 0)
        {
            var jobs = services.GetRequiredService<IBackgroundJobClient>();
            services
                .GetRequiredService<UnitOfWork>()
                .OnCommit(() =>
                {
                    foreach (var id in pushes)
                        jobs.Enqueue<ResultPushJob>(job => job.DeliverAsync(id, CancellationToken.None));
                });
        }
        db.ChangeTracker.DetectChanges();
    }

    /// <summary>The agreement that just took effect: in this save (tracked) or already stored.</summary>
    private static async Task<Agreement?> AgreementOfAsync(AppDbContext db, Guid disputeId, CancellationToken ct) =>
        db.Agreements.Local.FirstOrDefault(a => a.DisputeId == disputeId && a.Status == AgreementStatus.Effective)
        ?? await db
            .Agreements.AsNoTracking()
            .Where(a => a.DisputeId == disputeId && a.Status == AgreementStatus.Effective)
            .OrderByDescending(a => a.EffectiveAt)
            .FirstOrDefaultAsync(ct);
}
