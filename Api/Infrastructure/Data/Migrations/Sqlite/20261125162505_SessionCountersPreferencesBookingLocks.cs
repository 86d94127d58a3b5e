using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionCountersPreferencesBookingLocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CounterAt",
                table: "MediationSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CounterById",
                table: "MediationSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CounterByKind",
                table: "MediationSessions",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CounterNote",
                table: "MediationSessions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CounterStartsAt",
                table: "MediationSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MediatorBookingLocks",
                columns: table => new
                {
                    StaffUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Bookings = table.Column<long>(type: "INTEGER", nullable: false)
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
                    RecipientKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecipientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChannelOrder = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationPreferences", x => new { x.RecipientKind, x.RecipientId });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MediatorBookingLocks");

            migrationBuilder.DropTable(
                name: "NotificationPreferences");

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
        }
    }
}
