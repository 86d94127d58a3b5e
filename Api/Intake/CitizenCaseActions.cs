using System.Security.Claims;
using Hangfire;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Audit;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.Infrastructure.Errors;
using Mediation.Api.Infrastructure.Events;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Infrastructure.Validation;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Intake;

/// <summary>What a citizen does after filing in answer to intake: correct and resubmit, or object to a mediator.</summary>
public static class CitizenCaseActions
{
    /// <summary>On the citizen's case routes (/api/disputes/{id}), beside Disputes' own.</summary>
    public static IEndpointRouteBuilder MapCitizenCaseActions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/disputes")
            .WithTags("Disputes")
            .RequireAuthorization(Policies.Citizen)
            .WithValidation();
        group.MapPut("/{id:guid}", CorrectDispute).WithName(nameof(CorrectDispute)).WithSummary("补正后重新提交申请");
        group
            .MapPost("/{id:guid}/mediator-objection", ObjectToMediator)
            .WithName(nameof(ObjectToMediator))
            .WithSummary("申请调解员回避");
        return app;
    }

    public const string AnotherApplicantMessage = "补正不能更换申请人；其他人请另行申请";

    public static async Task<
        Results<Ok<DisputeResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > CorrectDispute(
        Guid id,
        CorrectDisputeRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        Notifier notifier,
        TimeProvider clock,
        IBackgroundJobClient jobs,
        DomainEvents events,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var dispute = await DisputeAccess.CitizenCaseAsync(db, id, me, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        if (dispute.FiledByUserId != me)
            return Problems.Forbidden("只有申请人可以修改申请");
        // The applicant signed the rights notice and the credit commitment; those stay with the case through a correction.
        // A correction may fix the spelling of his record, not put another person in his place (compared by the keyed hash).
        if (
            dispute.Parties.Single(p => p.Role == PartyRole.Applicant).IdNumberHash is { } signedBy
            && protector.HashOrNull(ChineseIdentifiers.NormalizeIdNumber(request.Applicant!.IdNumber)) != signedBy
        )
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["applicant.idNumber"] = [AnotherApplicantMessage] },
                title: Infrastructure.Errors.ProblemTitles.Validation
            );
        var now = clock.GetUtcNow().UtcDateTime;
        if (
            !DisputeStateMachine.TryMove(
                dispute,
                DisputeStatus.Submitted,
                Claims.CitizenKind,
                me,
                string.IsNullOrWhiteSpace(request.Note) ? "补正后重新提交" : $"补正后重新提交：{request.Note.Trim()}",
                now
            )
        )
            return Problems.WrongState(
                "当前状态不能修改申请",
                $"案件当前状态为「{DisputeStateMachine.DisplayName(dispute.Status)}」，只有被要求补正的申请才能修改后重新提交。"
            );

        (dispute.TypeCode, dispute.Facts, dispute.Claims, dispute.AmountFen) = (
            request.TypeCode!,
            request.Facts!.Trim(),
            request.Claims!.Trim(),
            request.AmountFen
        );
        (dispute.Place, dispute.PreferredMode, dispute.PreferredMediatorId) = (
            request.Place?.Trim(),
            request.PreferredMode!.Value,
            request.PreferredMediatorId
        );
        dispute.QueuedAt = now;
        ReplaceParties(db, dispute, PartyRole.Applicant, [request.Applicant!], protector);
        ReplaceParties(db, dispute, PartyRole.Respondent, request.Respondents!, protector);
        ReplaceParties(db, dispute, PartyRole.ThirdParty, request.ThirdParties ?? [], protector);
        await NewDispute.LinkKnownRespondentsAsync(db, dispute, ct);

        var correction = await db
            .CorrectionRequests.Where(c => c.DisputeId == id && c.ClosedAt == null)
            .OrderByDescending(c => c.RequestedAt)
            .FirstOrDefaultAsync(ct);
        if (correction is not null)
        {
            (correction.ClosedAt, correction.Outcome) = (now, "Resubmitted");
            await notifier.StageAsync(
                Recipient.Staff(correction.RequestedById),
                IntakeDecisions.CaseNotice(
                    dispute,
                    "CorrectionSubmitted",
                    "申请人已补正",
                    $"案件 {dispute.CaseNumber} 的申请人已按要求补正并重新提交，请审查。",
                    now
                ),
                $"correction-submitted:{correction.Id:N}",
                now,
                ct
            );
        }
        await events.RaiseAsync(
            new CaseTextAdded(id, "Correction", $"{dispute.Facts}\n{dispute.Claims}\n{request.Note}"),
            ct
        );
        audit.Record("DisputeCorrected", "Dispute", id, new { note = request.Note });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.ConcurrentChange("该申请刚刚发生变化（可能已逾期失效），请刷新后查看。");
        }
        if (correction?.JobId is { } jobId)
            jobs.Delete(jobId); // the job would find nothing to do; this only tidies the schedule

        var (bodyName, typeName) = (
            await db.Bodies.Where(b => b.Id == dispute.BodyId).Select(b => b.Name).SingleAsync(ct),
            await db.DisputeTypes.Where(t => t.Code == dispute.TypeCode).Select(t => t.Name).SingleAsync(ct)
        );
        return TypedResults.Ok(dispute.ToResponse(bodyName, typeName, me, protector));
    }

    /// <summary>A party asks for a mediator to be replaced (人民调解法 art. 23). The case goes back to the queue as Accepted.</summary>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> ObjectToMediator(
        Guid id,
        MediatorObjectionRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        Notifier notifier,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var dispute = await db
            .Disputes.VisibleToCitizen(me)
            .Include(d => d.Mediators)
            .FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var current = dispute
            .Mediators.Where(m =>
                m.RemovedAt == null && (request.MediatorId is null || m.StaffUserId == request.MediatorId)
            )
            .ToList();
        if (current.Count == 0)
            return Problems.Conflict("没有可申请回避的调解员", "本案目前没有指派该调解员。");
        var now = clock.GetUtcNow().UtcDateTime;
        var reason = request.Reason!.Trim();
        if (
            !DisputeStateMachine.TryMove(
                dispute,
                DisputeStatus.Accepted,
                Claims.CitizenKind,
                me,
                $"当事人申请调解员回避：{reason}",
                now
            )
        )
            return Problems.WrongState(
                "当前状态不能申请回避",
                $"案件当前状态为「{DisputeStateMachine.DisplayName(dispute.Status)}」，只能在调解结束前申请调解员回避。"
            );

        // Objecting to one of several mediators still sends the case back: the committee decides the new composition.
        var notice = IntakeDecisions.CaseNotice(
            dispute,
            "MediatorObjection",
            "当事人申请回避",
            $"案件 {dispute.CaseNumber} 的当事人申请调解员回避，案件已退回受理队列重新指派。",
            now
        );
        var objection = Guid.CreateVersion7();
        foreach (var m in dispute.Mediators.Where(m => m.RemovedAt == null))
        {
            (m.RemovedAt, m.RemovedReason) = (now, current.Contains(m) ? "当事人申请回避" : "重新指派调解员");
            await notifier.StageAsync(
                Recipient.Staff(m.StaffUserId),
                notice,
                $"mediator-objection:{objection:N}:{m.StaffUserId:N}",
                now,
                ct
            );
        }
        foreach (var m in current)
            db.MediatorObjections.Add(
                new MediatorObjection
                {
                    DisputeId = id,
                    MediatorId = m.StaffUserId,
                    ByUserId = me,
                    Reason = reason,
                    At = now,
                }
            );
        dispute.QueuedAt = now;
        audit.Record(
            "MediatorObjected",
            "Dispute",
            id,
            new { mediatorIds = current.Select(m => m.StaffUserId), reason }
        );
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.ConcurrentChange();
        }
        return TypedResults.NoContent();
    }

    /// <summary>Parties keep their ids by position (evidence and signatures refer to them); extra rows are added or removed.</summary>
    private static void ReplaceParties(
        AppDbContext db,
        Dispute dispute,
        PartyRole role,
        List<PartyInput> inputs,
        PersonalDataProtector protector
    )
    {
        var existing = dispute.Parties.Where(p => p.Role == role).OrderBy(p => p.Position).ToList();
        for (var i = 0; i < inputs.Count; i++)
        {
            var fresh = NewDispute.Party(inputs[i], role, i, dispute.Id, protector);
            if (i < existing.Count)
            {
                var p = existing[i];
                (p.Kind, p.Name, p.Gender, p.Ethnicity, p.BirthDate) = (
                    fresh.Kind,
                    fresh.Name,
                    fresh.Gender,
                    fresh.Ethnicity,
                    fresh.BirthDate
                );
                (p.IdNumberCipher, p.IdNumberHash, p.PhoneCipher, p.PhoneHash, p.AddressCipher) = (
                    fresh.IdNumberCipher,
                    fresh.IdNumberHash,
                    fresh.PhoneCipher,
                    fresh.PhoneHash,
                    fresh.AddressCipher
                );
                (p.Occupation, p.CreditCode, p.LegalRepresentative) = (
                    fresh.Occupation,
                    fresh.CreditCode,
                    fresh.LegalRepresentative
                );
                if (role != PartyRole.Applicant && p.PhoneHash != fresh.PhoneHash)
                    p.UserId = null;
            }
            else
            {
                dispute.Parties.Add(fresh);
            }
        }
        foreach (var extra in existing.Skip(inputs.Count))
        {
            dispute.Parties.Remove(extra);
            db.DisputeParties.Remove(extra);
        }
    }
}
