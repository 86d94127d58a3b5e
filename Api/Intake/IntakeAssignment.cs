using Hangfire;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Events;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Intake;

/// <summary>
/// Assigning mediators (人民调解法 art. 19–20). The applicant's preferred mediator is taken when no one is named, and may be
/// passed over only with a written reason. A mediator who shares an ID number or phone with a party, who was objected
/// to, who does not take this type of dispute or who is at capacity is refused with 409 naming why.
/// </summary>
public static class IntakeAssignment
{
    public static async Task<Results<Ok<DecisionResponse>, NotFound, ProblemHttpResult>> Assign(
        Guid id,
        AssignRequest request,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        DomainEvents events,
        CancellationToken ct
    )
    {
        var ids = request.MediatorIds ?? [];
        var assigned = new List<(Guid Id, string Name)>();
        var result = await IntakeDecisions.DecideAsync(
            id,
            user,
            s,
            DisputeStatus.MediatorAssigned,
            "指派调解员",
            async (d, now) =>
            {
                var jurisdiction = await DisputeAccess.JurisdictionAsync(user, s.Db, ct);
                if (ids.Count == 0)
                {
                    if (d.PreferredMediatorId is not { } preferredOnly)
                        return Problems.Conflict("请选择调解员", "申请人没有选择调解员，请至少指派一名调解员。");
                    ids = [preferredOnly];
                }
                else if (
                    d.PreferredMediatorId is { } preferred
                    && !ids.Contains(preferred)
                    && string.IsNullOrWhiteSpace(request.Note)
                    && await RefusalAsync(s, d, preferred, jurisdiction, ct) is null
                )
                {
                    var name = await s
                        .Db.StaffUsers.Where(x => x.Id == preferred)
                        .Select(x => x.DisplayName)
                        .SingleAsync(ct);
                    return Problems.Conflict(
                        "应优先指派申请人选择的调解员",
                        $"申请人选择了调解员「{name}」，其可以承办本案。如另行指派，请在说明中写明理由。"
                    );
                }
                foreach (var mediatorId in ids)
                {
                    if (await RefusalAsync(s, d, mediatorId, jurisdiction, ct) is { } refusal)
                        return refusal;
                    assigned.Add(
                        (
                            mediatorId,
                            await s
                                .Db.StaffUsers.Where(x => x.Id == mediatorId)
                                .Select(x => x.DisplayName)
                                .SingleAsync(ct)
                        )
                    );
                }
                foreach (var (mediatorId, name) in assigned)
                {
                    s.Db.DisputeMediators.Add(
                        new DisputeMediator
                        {
                            DisputeId = d.Id,
                            StaffUserId = mediatorId,
                            AssignedAt = now,
                            AssignedById = user.GetUserId(),
                        }
                    );
                    await s.Notifier.StageAsync(
                        Recipient.Staff(mediatorId),
                        IntakeDecisions.CaseNotice(
                            d,
                            "MediatorAssigned",
                            "新的调解案件",
                            $"您已被指派为案件 {d.Reference} 的调解员，请及时联系当事人。",
                            now
                        ),
                        $"intake:MediatorAssigned:{d.Id:N}:{mediatorId:N}:{Guid.CreateVersion7():N}",
                        now,
                        ct
                    );
                }
                await events.RaiseAsync(new MediatorsAssigned(d.Id, [.. assigned.Select(a => a.Id)]), ct);
                var names = string.Join("、", assigned.Select(a => a.Name));
                return new Decision(
                    IntakeCases.StatusReason($"指派调解员：{names}", request.Note),
                    "MediatorsAssigned",
                    new
                    {
                        mediatorIds = ids,
                        preferredHonoured = d.PreferredMediatorId is { } p && ids.Contains(p),
                        note = request.Note,
                    },
                    "MediatorAssigned",
                    "已为您指派调解员",
                    $"您的调解申请（{d.ReferenceText}）已指派调解员：{names}。如认为调解员与本案有利害关系，可以申请回避。"
                );
            },
            ct
        );
        return result;
    }

    /// <summary>Why this staff member cannot mediate this case, or null if they can.</summary>
    private static async Task<ProblemHttpResult?> RefusalAsync(
        IntakeServices s,
        Dispute d,
        Guid staffId,
        List<Guid> jurisdiction,
        CancellationToken ct
    )
    {
        var db = s.Db;
        var staff = await db.StaffUsers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == staffId, ct);
        if (staff is null || !staff.Roles.Contains(StaffRoles.Mediator))
            return Problems.Conflict("调解员不存在", "所选人员不存在或不是调解员。");
        var name = staff.DisplayName;
        if (!staff.Active)
            return Problems.Conflict("调解员已停用", $"调解员「{name}」的账号已停用。");
        if (staff.BodyId is not { } body || (body != d.BodyId && !jurisdiction.Contains(body)))
            return Problems.Conflict("不能指派其他组织的调解员", $"调解员「{name}」不属于受理本案的调解组织。");
        if (await db.MediatorObjections.AnyAsync(o => o.DisputeId == d.Id && o.MediatorId == staffId, ct))
            return Problems.Conflict(
                "当事人已申请该调解员回避",
                $"当事人已对调解员「{name}」提出回避申请，不能再指派其调解本案。"
            );

        var profile = await db.MediatorProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.StaffUserId == staffId, ct);
        var parties = await db
            .DisputeParties.AsNoTracking()
            .Where(p => p.DisputeId == d.Id)
            .Select(p => new
            {
                p.Name,
                p.IdNumberHash,
                p.PhoneHash,
            })
            .ToListAsync(ct);
        if (
            profile?.IdNumberHash is { } idHash
            && parties.FirstOrDefault(p => p.IdNumberHash == idHash) is { } samePerson
        )
            return Problems.Conflict(
                "调解员应当回避",
                $"调解员「{name}」与当事人「{samePerson.Name}」的身份证号码相同，不能调解本案。"
            );
        if (staff.PhoneHash is { } phoneHash && parties.FirstOrDefault(p => p.PhoneHash == phoneHash) is { } samePhone)
            return Problems.Conflict(
                "调解员应当回避",
                $"调解员「{name}」与当事人「{samePhone.Name}」的手机号码相同，可能存在利害关系，不能调解本案。"
            );

        if (profile is { TypeCodes.Count: > 0 } && !profile.TypeCodes.Contains(d.TypeCode))
        {
            var type = await db.DisputeTypes.Where(t => t.Code == d.TypeCode).Select(t => t.Name).SingleAsync(ct);
            return Problems.Conflict("调解员不承办该类纠纷", $"调解员「{name}」未登记承办「{type}」。");
        }
        var max = profile?.MaxOpenCases ?? MediatorProfile.DefaultMaxOpenCases;
        var open = (await MediatorCaseload.OpenCasesAsync(db, [staffId], ct)).GetValueOrDefault(staffId);
        if (open >= max)
            return Problems.Conflict("调解员承办案件已满", $"调解员「{name}」在办案件 {open} 件，已达上限 {max} 件。");
        return null;
    }
}
