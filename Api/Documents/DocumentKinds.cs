namespace Mediation.Api.Documents;

/// <summary>Who may have a kind besides staff with the case in view.</summary>
public enum DocumentReaders
{
    /// <summary>Staff only (internal records, the archive's pages).</summary>
    Staff,

    /// <summary>Staff and every party of the case.</summary>
    Parties,

    /// <summary>Staff and the applicant it is addressed to (acceptance and refusal notices).</summary>
    Applicant,
}

/// <param name="Unavailable">Why this case cannot have the document yet (null: it can).</param>
public sealed record DocumentKind(
    string Kind,
    string Name,
    DocumentReaders Readers,
    Func<DocumentCase, string?> Unavailable,
    Action<DocxBuilder, DocumentCase, DocumentText> Build,
    bool PrintsFullIdNumbers = false
);

/// <summary>The official documents (调解文书) of a case, in the order the case file (卷宗) binds them.</summary>
public static class DocumentKinds
{
    public static readonly IReadOnlyList<DocumentKind> All =
    [
        new("application", "人民调解申请书", DocumentReaders.Parties, _ => null, CaseForms.Application),
        new(
            "rights-notice",
            "人民调解权利义务告知书",
            DocumentReaders.Parties,
            c =>
                c.Acceptances.Any(a => a.Kind == ReferenceData.LegalTextCatalog.RightsNotice)
                    ? null
                    : "当事人尚未确认权利义务告知书。",
            CaseForms.RightsNotice
        ),
        new(
            "acceptance-notice",
            "人民调解受理通知书",
            DocumentReaders.Applicant,
            c => c.Last(Disputes.DisputeStatus.Accepted) is null ? "本案尚未受理。" : null,
            Notices.Acceptance
        ),
        new(
            "refusal-notice",
            "不予受理告知书",
            DocumentReaders.Applicant,
            c => c.Refusal is null ? "本案未作出不予受理决定。" : null,
            Notices.Refusal
        ),
        new(
            "mediation-record",
            "人民调解记录",
            DocumentReaders.Staff,
            c => c.Sessions.Any(Records.Happened) ? null : "本案尚无已进行的调解。",
            Records.Mediation
        ),
        new(
            "online-mediation-record",
            "在线调解记录",
            DocumentReaders.Staff,
            c => c.ConfirmedRoomRecords.Count > 0 ? null : "本案尚无经各方确认的在线调解记录。",
            Records.OnlineMediation
        ),
        new(
            "agreement",
            "人民调解协议书",
            DocumentReaders.Parties,
            c => AgreementForms.Missing(c, Agreements.AgreementKind.Written),
            AgreementForms.Written,
            PrintsFullIdNumbers: true
        ),
        new(
            "oral-agreement",
            "口头调解协议登记表",
            DocumentReaders.Parties,
            c => AgreementForms.Missing(c, Agreements.AgreementKind.Oral),
            AgreementForms.Oral
        ),
        new(
            "termination-notice",
            "终止人民调解告知书",
            DocumentReaders.Parties,
            c => c.Failure is null ? "本案未终止调解。" : null,
            Notices.Termination
        ),
        new(
            "judicial-confirmation-application",
            "司法确认申请书",
            DocumentReaders.Parties,
            AgreementForms.JudicialUnavailable,
            AgreementForms.JudicialApplication,
            PrintsFullIdNumbers: true
        ),
        new(
            "service-receipt",
            "送达回证",
            DocumentReaders.Staff,
            c => Records.Served(c).Count == 0 ? "本案尚无需要送达的文书。" : null,
            Records.ServiceReceipt
        ),
        new(
            "follow-up-record",
            "人民调解回访记录",
            DocumentReaders.Staff,
            c => c.FollowUps.Count == 0 ? "本案尚未回访。" : null,
            Records.FollowUp
        ),
        new("case-file-cover", "人民调解卷宗封面及卷内目录", DocumentReaders.Staff, _ => null, Records.Cover),
    ];

    public static DocumentKind? Find(string kind) => All.FirstOrDefault(k => k.Kind == kind);

    public static bool MayRead(DocumentKind kind, DocumentCase c) =>
        c.Citizen is null
        || kind.Readers switch
        {
            DocumentReaders.Parties => true,
            DocumentReaders.Applicant => c.CitizenIsApplicant,
            _ => false,
        };
}
