namespace Mediation.Api.Disputes;

public static class DisputeSources
{
    public static bool IsReferral(DisputeSource source) =>
        source
            is DisputeSource.PoliceReferral
                or DisputeSource.CourtReferral
                or DisputeSource.ProcuratorateReferral
                or DisputeSource.PetitionReferral
                or DisputeSource.GovernmentReferral
                or DisputeSource.OtherReferral;

    public static string Name(DisputeSource source) =>
        source switch
        {
            DisputeSource.MiniProgram => "小程序申请",
            DisputeSource.WalkIn => "来访申请",
            DisputeSource.Oral => "口头申请",
            DisputeSource.Initiative => "主动调解",
            DisputeSource.PoliceReferral => "公安机关移送",
            DisputeSource.CourtReferral => "人民法院委托",
            DisputeSource.ProcuratorateReferral => "人民检察院移送",
            DisputeSource.PetitionReferral => "信访部门转办",
            DisputeSource.GovernmentReferral => "政府部门交办",
            _ => "其他单位移送",
        };
}
