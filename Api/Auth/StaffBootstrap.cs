using Microsoft.AspNetCore.Identity;

namespace Mediation.Api.Auth;

/// <summary>Creates the first administrator from Admin:Username / Admin:Password when both are set and no administrator
/// exists. There is no default password anywhere.</summary>
public static class StaffBootstrap
{
    /// <summary>Checked at start too (see StartupProblems), so a weak password is reported with every other
    /// setting.</summary>
    public static string? PasswordProblem(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Admin:Username"])
        && configuration["Admin:Password"] is { } p
        && !string.IsNullOrWhiteSpace(p)
        && p.Length < 12
            ? "Admin:Password must be at least 12 characters."
            : null;

    public static async Task CreateFirstAdminAsync(this WebApplication app)
    {
        var username = app.Configuration["Admin:Username"];
        var password = app.Configuration["Admin:Password"];
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrWhiteSpace(password))
            return;
        if (PasswordProblem(app.Configuration) is { } weak)
            throw new InvalidOperationException(weak);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.StaffUsers.AnyAsync(s => s.Roles.Contains(StaffRoles.Admin)))
            return;
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

        var admin = new StaffUser
        {
            Username = username.Trim(),
            PasswordHash = "",
            DisplayName = "系统管理员",
            Roles = [StaffRoles.Admin],
            CreatedAt = now,
        };
        admin.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(admin, password);
        db.StaffUsers.Add(admin);
        db.AuditEntries.Add(
            new Infrastructure.Audit.AuditEntry
            {
                At = now,
                ActorKind = "System",
                Action = "AdminBootstrapped",
                TargetType = "StaffUser",
                TargetId = admin.Id.ToString(),
                Outcome = "Succeeded",
            }
        );
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        { /* another instance created it at the same moment */
        }
    }
}
