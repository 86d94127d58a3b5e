using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Rooms2Records : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RemovedAt",
                table: "RoomMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RemovedById",
                table: "RoomMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemovedReason",
                table: "RoomMessages",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CaucusSide",
                table: "EvidenceItems",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RoomMutes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoomId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    MutedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    MutedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UnmutedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    UnmutedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoomMutes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoomMutes_MediationRooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "MediationRooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RoomRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisputeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoomId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    FromSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    ToSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    TextSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoomRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoomRecords_Disputes_DisputeId",
                        column: x => x.DisputeId,
                        principalTable: "Disputes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RoomRecords_MediationRooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "MediationRooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RoomRecordConfirmations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    PartyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OnPaper = table.Column<bool>(type: "INTEGER", nullable: false),
                    EvidenceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoomRecordConfirmations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoomRecordConfirmations_RoomRecords_RecordId",
                        column: x => x.RecordId,
                        principalTable: "RoomRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RoomRecordSummaries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoomId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoomRecordSummaries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoomRecordSummaries_RoomRecords_RecordId",
                        column: x => x.RecordId,
                        principalTable: "RoomRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RoomMutes_RoomId_PartyId",
                table: "RoomMutes",
                columns: new[] { "RoomId", "PartyId" });

            migrationBuilder.CreateIndex(
                name: "IX_RoomRecordConfirmations_RecordId_Revision_PartyId",
                table: "RoomRecordConfirmations",
                columns: new[] { "RecordId", "Revision", "PartyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoomRecords_DisputeId_Number",
                table: "RoomRecords",
                columns: new[] { "DisputeId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoomRecords_RoomId",
                table: "RoomRecords",
                column: "RoomId");

            migrationBuilder.CreateIndex(
                name: "IX_RoomRecordSummaries_RecordId_RoomId",
                table: "RoomRecordSummaries",
                columns: new[] { "RecordId", "RoomId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RoomMutes");

            migrationBuilder.DropTable(
                name: "RoomRecordConfirmations");

            migrationBuilder.DropTable(
                name: "RoomRecordSummaries");

            migrationBuilder.DropTable(
                name: "RoomRecords");

            migrationBuilder.DropColumn(
                name: "RemovedAt",
                table: "RoomMessages");

            migrationBuilder.DropColumn(
                name: "RemovedById",
                table: "RoomMessages");

            migrationBuilder.DropColumn(
                name: "RemovedReason",
                table: "RoomMessages");

            migrationBuilder.DropColumn(
                name: "CaucusSide",
                table: "EvidenceItems");
        }
    }
}
