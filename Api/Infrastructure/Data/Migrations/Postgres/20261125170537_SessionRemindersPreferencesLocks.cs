using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SessionRemindersPreferencesLocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReminderJobIds",
                table: "MediationSessions");

            migrationBuilder.AddColumn<DateTime>(
                name: "CounterAt",
                table: "MediationSessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CounterById",
                table: "MediationSessions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CounterByKind",
                table: "MediationSessions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CounterNote",
                table: "MediationSessions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CounterStartsAt",
                table: "MediationSessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MediatorBookingLocks",
                columns: table => new
                {
                    StaffUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Bookings = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MediatorBookingLocks", x => x.StaffUserId);
                    table.ForeignKey(
                        name: "FK_MediatorBookingLocks_StaffUsers_StaffUserId",
                        column: x => x.StaffUserId,
                        principalTable: "StaffUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NotificationPreferences",
                columns: table => new
                {
                    RecipientKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecipientId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChannelOrder = table.Column<List<string>>(type: "text[]", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationPreferences", x => new { x.RecipientKind, x.RecipientId });
                });

            migrationBuilder.CreateTable(
                name: "ReminderWakeups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    NextAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReminderWakeups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SessionReminders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Offset = table.Column<TimeSpan>(type: "interval", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionReminders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SessionReminders_MediationSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "MediationSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "ReminderWakeups",
                columns: new[] { "Id", "NextAt" },
                values: new object[] { 1, null });

            migrationBuilder.CreateIndex(
                name: "IX_SessionReminders_SessionId",
                table: "SessionReminders",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_SessionReminders_Status_DueAt",
                table: "SessionReminders",
                columns: new[] { "Status", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MediatorBookingLocks");

            migrationBuilder.DropTable(
                name: "NotificationPreferences");

            migrationBuilder.DropTable(
                name: "ReminderWakeups");

            migrationBuilder.DropTable(
                name: "SessionReminders");

            migrationBuilder.DropColumn(
                name: "CounterAt",
                table: "MediationSessions");

            migrationBuilder.DropColumn(
                name: "CounterById",
                table: "MediationSessions");

            migrationBuilder.DropColumn(
                name: "CounterByKind",
                table: "MediationSessions");

            migrationBuilder.DropColumn(
                name: "CounterNote",
                table: "MediationSessions");

            migrationBuilder.DropColumn(
                name: "CounterStartsAt",
                table: "MediationSessions");

            migrationBuilder.AddColumn<List<string>>(
                name: "ReminderJobIds",
                table: "MediationSessions",
                type: "text[]",
                nullable: false);
        }
    }
}
