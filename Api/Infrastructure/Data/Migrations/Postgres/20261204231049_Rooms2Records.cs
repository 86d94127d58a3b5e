using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Postgres
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RemovedById",
                table: "RoomMessages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemovedReason",
                table: "RoomMessages",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CaucusSide",
                table: "EvidenceItems",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RoomMutes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartyId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    MutedById = table.Column<Guid>(type: "uuid", nullable: false),
                    MutedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UnmutedById = table.Column<Guid>(type: "uuid", nullable: true),
                    UnmutedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisputeId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    FromSeq = table.Column<long>(type: "bigint", nullable: false),
                    ToSeq = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    TextSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedById = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedById = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    PartyId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OnPaper = table.Column<bool>(type: "boolean", nullable: false),
                    EvidenceId = table.Column<Guid>(type: "uuid", nullable: true),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClientAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoomId = table.Column<Guid>(type: "uuid", nullable: false),
                    Side = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Summary = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false)
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
