using Hangfire;
using Mediation.Api.Auth;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Statistics;

/// <summary>
/// On the 1st of each month (China time): prepares last month's report for every active body and reminds that body's
/// supervisors in their inbox to check it and submit it before the 18th. Idempotent: a supervisor already reminded
/// about this body and month is not reminded again, so a retried or repeated run adds nothing.
/// </summary>
public sealed class MonthlyReportJob(AppDbContext db, TimeProvider clock, ILogger<MonthlyReportJob> logger)
{
    public const string RecurringId = "monthly-statistics-reminder";
    public const string Kind = "MonthlyReportDue";

    /// <param name="month">"yyyy-MM"; null for the month before the current one.</param>
    public async Task<int> RunAsync(string? month, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var m = ReportMonth.TryParse(month, out var given) ? given : ReportMonth.Previous(now);
        var monthText = ReportMonth.Format(m);
        var due = m.AddMonths(1);
        var supervisors = (await db.StaffUsers.AsNoTracking().Where(s => s.Active && s.BodyId != null).ToListAsync(ct))
            .Where(s => s.Roles.Contains(StaffRoles.Supervisor))
            .ToLookup(s => s.BodyId!.Value);
        var bodies = await db
            .Bodies.AsNoTracking()
            .Where(b => b.Active)
            .OrderBy(b => b.Code)
            .Select(b => b.Id)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var bodyId in bodies)
        {
            var report = await MonthlyReports.BuildAsync(db, bodyId, m, ct);
            var title = $"请报送{report.BodyName}{m.Year}年{m.Month}月调解统计";
            foreach (var supervisor in supervisors[bodyId])
            {
                if (
                    await db.Notifications.AnyAsync(
                        n =>
                            n.RecipientKind == Notification.Staff
                            && n.RecipientId == supervisor.Id
                            && n.Kind == Kind
                            && n.Title == title,
                        ct
                    )
                )
                    continue;
                db.Notifications.Add(
                    Notification.ToStaff(
                        supervisor.Id,
                        Kind,
                        title,
                        $"{monthText} 月度统计已生成：收到申请 {report.Received} 件，受理 {report.Accepted} 件，调解成功 {report.Successful} 件，"
                            + $"调解不成 {report.Failed} 件。请在统计页核对，填报防止民转刑、防止群体性上访件数，并于{due.Year}年{due.Month}月18日前报送。",
                        null,
                        now
                    )
                );
                sent++;
            }
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation(
            "Monthly statistics {Month}: {Bodies} bodies prepared, {Sent} supervisors reminded",
            monthText,
            bodies.Count,
            sent
        );
        return sent;
    }
}
