namespace Mediation.Api.Infrastructure.Security;

public static class Claims
{
    public const string Subject = "sub";
    public const string Kind = "kind";
    public const string Role = "role";
    public const string Body = "body";

    /// <summary>Staff tokens: the account's security stamp when the token was issued (see Auth/AccountCheck).</summary>
    public const string Stamp = "stamp";
    public const string CitizenKind = "citizen";
    public const string StaffKind = "staff";

    public static Guid GetUserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Subject), out var id)
            ? id
            : throw new InvalidOperationException("No subject claim.");

    public static string GetKind(this ClaimsPrincipal user) => user.FindFirstValue(Kind) ?? "Unknown";

    public static Guid? GetBodyId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Body), out var id) ? id : null;
}

public static class StaffRoles
{
    public const string Intake = "Intake";
    public const string Mediator = "Mediator";
    public const string Supervisor = "Supervisor";
    public const string Admin = "Admin";

    /// <summary>网格员: reports disputes found in the field to their village body; sees only their own
    /// reports.</summary>
    public const string GridWorker = "GridWorker";

    /// <summary>专家库的专家 (a lawyer, psychologist, social worker): read-only on the cases a mediator invited them
    /// onto, where they write an opinion; holds no other role (docs/mediators.md).</summary>
    public const string Expert = "Expert";
    public static readonly string[] All = [Intake, Mediator, Supervisor, Admin, GridWorker, Expert];
}
