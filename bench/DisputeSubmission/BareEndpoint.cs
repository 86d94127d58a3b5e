using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.ReferenceData;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mediation.Bench.DisputeSubmission;

/// <summary>
/// The yardstick: <c>POST /bench/bare</c> reads the same JSON body and inserts the same rows as a real
/// submission (the case, its parties, its first status change and the two signed-text records) with the
/// app's <see cref="AppDbContext"/> and one SaveChanges, and nothing else: no authentication, no
/// validation, no idempotency record, no encryption or hashing (plaintext goes into the cipher columns),
/// no case-number counter (a Guid-based number), no audit entry. It sits in front of the app's pipeline.
/// </summary>
internal sealed class BareEndpoint : IStartupFilter
{
    public const string Path = "/bench/bare";

    /// <summary>The same insert through the app's <see cref="GroupCommit"/>, the write path the real endpoint
    /// uses.</summary>
    public const string GroupedPath = "/bench/bare-grouped";

    /// <summary>There is no caller to record without authentication; every bare case is filed by this id.</summary>
    private static readonly Guid Filer = Guid.Parse("00000000-0000-7000-8000-00000000bea0");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
        app =>
        {
            app.Map(Path, branch => branch.Run(http => InsertAsync(http, grouped: false)));
            app.Map(GroupedPath, branch => branch.Run(http => InsertAsync(http, grouped: true)));
            next(app);
        };

    private static async Task InsertAsync(HttpContext http, bool grouped)
    {
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var request = await http.Request.ReadFromJsonAsync<CreateDisputeRequest>(json, http.RequestAborted)
            ?? throw new BadHttpRequestException("empty body");
        var dispute = ToDispute(request, DateTime.UtcNow);
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        if (grouped)
            await http
                .RequestServices.GetRequiredService<GroupCommit>()
                .CommitAsync(
                    db,
                    async (writer, ct) =>
                    {
                        writer.Disputes.Add(dispute);
                        await writer.SaveChangesAsync(ct);
                    },
                    http.RequestAborted
                );
        else
        {
            db.Disputes.Add(dispute);
            await db.SaveChangesAsync(http.RequestAborted);
        }
        http.Response.StatusCode = StatusCodes.Status201Created;
        http.Response.Headers.Location = $"{Path}/{dispute.Id}";
        await http.Response.WriteAsJsonAsync(new { dispute.Id, dispute.ApplicationNumber }, json, http.RequestAborted);
    }

    private static Dispute ToDispute(CreateDisputeRequest r, DateTime now)
    {
        var dispute = new Dispute
        {
            ApplicationNumber = "",
            BodyId = r.BodyId!.Value,
            TypeCode = r.TypeCode!,
            Facts = r.Facts!,
            Claims = r.Claims!,
            AmountFen = r.AmountFen,
            Place = r.Place,
            PreferredMode = r.PreferredMode!.Value,
            PreferredMediatorId = r.PreferredMediatorId,
            FiledByUserId = Filer,
            SubmittedAt = now,
            UpdatedAt = now,
        };
        // As the service numbers an application: from its id, nothing shared.
        dispute.ApplicationNumber = CaseNumbers.Application(dispute.Id, now);
        var applicant = Party(r.Applicant!, PartyRole.Applicant, 0, dispute.Id);
        applicant.UserId = Filer;
        dispute.Parties.Add(applicant);
        dispute.Parties.AddRange(r.Respondents!.Select((p, i) => Party(p, PartyRole.Respondent, i, dispute.Id)));
        dispute.Parties.AddRange(
            (r.ThirdParties ?? []).Select((p, i) => Party(p, PartyRole.ThirdParty, i, dispute.Id))
        );
        dispute.StatusHistory.Add(
            new DisputeStatusChange
            {
                DisputeId = dispute.Id,
                To = DisputeStatus.Submitted,
                At = now,
                ActorKind = Claims.CitizenKind,
                ActorId = Filer,
                Reason = "通过小程序提交申请",
            }
        );
        foreach (
            var (kind, version, sha) in new[]
            {
                (LegalTextCatalog.RightsNotice, r.RightsNotice?.Version, r.RightsNotice?.Sha256),
                (LegalTextCatalog.CreditCommitment, r.CreditCommitment?.Version, r.CreditCommitment?.Sha256),
            }
        )
            dispute.Acceptances.Add(
                new LegalTextAcceptance
                {
                    DisputeId = dispute.Id,
                    PartyId = applicant.Id,
                    SignerUserId = Filer,
                    Kind = kind,
                    TextVersion = version ?? "",
                    TextSha256 = sha ?? "",
                    AcceptedAt = now,
                }
            );
        return dispute;
    }

    private static DisputeParty Party(PartyInput p, PartyRole role, int position, Guid disputeId) =>
        new()
        {
            DisputeId = disputeId,
            Role = role,
            Kind = p.Kind ?? PartyKind.Person,
            Position = position,
            Name = p.Name!,
            Gender = p.Gender,
            Ethnicity = p.Ethnicity,
            BirthDate = p.BirthDate,
            IdNumberCipher = p.IdNumber,
            PhoneCipher = p.Phone,
            AddressCipher = p.Address,
            Occupation = p.Occupation,
            CreditCode = p.CreditCode,
            LegalRepresentative = p.LegalRepresentative,
        };
}
