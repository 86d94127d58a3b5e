using Mediation.Api.Admin;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Evidence;
using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Auth;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.Infrastructure.Errors;
using Mediation.Api.Infrastructure.Idempotency;
using Mediation.Api.Infrastructure.Jobs;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Infrastructure.Storage;
using Mediation.Api.Infrastructure.Validation;
using Mediation.Api.Intake;
using Mediation.Api.Me;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;
using Mediation.Api.StaffConsole;
using Mediation.Api.Statistics;
using Mediation.Api.Sessions;
using Mediation.Api.WeChat;

var builder = WebApplication.CreateBuilder(args);

builder.AddHttpPlumbing();
builder.AddProblemHandling();
builder.AddRequestValidation();
builder.AddDatabase();
builder.AddPersonalDataProtection();
builder.AddAuth();
builder.AddWeChat();
builder.AddNotifications();
builder.AddReferenceData();
builder.AddJobs();
builder.AddIdempotency();
builder.AddIntake();
builder.AddObjectStorage();
builder.AddEvidence();
builder.AddStatistics();
builder.AddSessions();

var app = builder.Build();

app.UseProblemHandling();
app.UseStaffConsole();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOperations();
app.MapJobsDashboard();
app.MapAuthApi();
app.MapMeApi();
app.MapReferenceDataApi();
app.MapDisputesApi();
app.MapSubscriptionsApi();
app.MapWeChatPushApi();
app.MapIntakeApi();
app.MapAdminApi();
app.MapEvidenceApi();
app.MapStatisticsApi();
app.MapStaffConsole();
app.MapSessionsApi();
app.MapNotificationsApi();
app.MapNotificationPreferences();

await app.MigrateDatabaseAsync();
await app.SeedReferenceDataAsync();
await app.CreateFirstAdminAsync();
app.ScheduleIdempotencyCleanup();
app.ScheduleMonthlyReports();
app.ScheduleNotificationJobs();
app.ScheduleSessionJobs();
app.ScheduleIntakeJobs();

app.Run();

public partial class Program;
