using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Mediation.Api.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Intake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Disputes_BodyId_Status_SubmittedAt",
                table: "Disputes");

            migrationBuilder.AddColumn<DateTime>(
                name: "QueuedAt",
                table: "Disputes",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "CaseNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisputeId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseNotes_Disputes_DisputeId",
                        column: x => x.DisputeId,
                        principalTable: "Disputes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CorrectionRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisputeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Items = table.Column<List<string>>(type: "text[]", nullable: false),
                    Deadline = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RequestedById = table.Column<Guid>(type: "uuid", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    JobId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CorrectionRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CorrectionRequests_Disputes_DisputeId",
                        column: x => x.DisputeId,
                        principalTable: "Disputes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeHandlings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisputeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FromBodyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ToBodyId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromStatus = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ByStaffId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeHandlings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeHandlings_Disputes_DisputeId",
                        column: x => x.DisputeId,
                        principalTable: "Disputes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IntakeClaims",
                columns: table => new
                {
                    DisputeId = table.Column<Guid>(type: "uuid", nullable: false),
                    StaffUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastActivityAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntakeClaims", x => x.DisputeId);
                    table.ForeignKey(
                        name: "FK_IntakeClaims_Disputes_DisputeId",
                        column: x => x.DisputeId,
                        principalTable: "Disputes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IntakeClaims_StaffUsers_StaffUserId",
                        column: x => x.StaffUserId,
                        principalTable: "StaffUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MediatorObjections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisputeId = table.Column<Guid>(type: "uuid", nullable: false),
                    MediatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MediatorObjections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MediatorObjections_Disputes_DisputeId",
                        column: x => x.DisputeId,
                        principalTable: "Disputes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MediatorProfiles",
                columns: table => new
                {
                    StaffUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    TypeCodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    MaxOpenCases = table.Column<int>(type: "integer", nullable: false),
                    IdNumberCipher = table.Column<string>(type: "text", nullable: true),
                    IdNumberHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MediatorProfiles", x => x.StaffUserId);
                    table.ForeignKey(
                        name: "FK_MediatorProfiles_StaffUsers_StaffUserId",
                        column: x => x.StaffUserId,
                        principalTable: "StaffUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecipientId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RejectionReasons",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NoticeText = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RejectionReasons", x => x.Code);
                });

            migrationBuilder.InsertData(
                table: "RejectionReasons",
                columns: new[] { "Code", "Active", "Name", "NoticeText", "SortOrder" },
                values: new object[,]
                {
                    { "already-before-court", true, "已由法院、公安或其他行政机关受理或处理", "您申请调解的纠纷已经由人民法院、公安机关或者其他行政机关受理或者解决，本委员会不予受理。", 20 },
                    { "court-police-agency", true, "依法应当由法院、公安或其他行政机关处理", "您申请调解的事项依法应当由人民法院、公安机关或者其他行政机关处理，本委员会不予受理。请向有关机关反映。", 10 },
                    { "duplicate", true, "重复申请", "您就同一纠纷已提交过调解申请，本次申请不予受理，请在原案件中查看进展。", 50 },
                    { "not-civil", true, "不属于民间纠纷", "您申请调解的事项不属于人民调解的民间纠纷范围，本委员会不予受理。", 30 },
                    { "other", true, "其他原因", "经审查，您的调解申请不予受理。", 90 },
                    { "party-refuses", true, "当事人一方明确拒绝调解", "对方当事人明确拒绝调解，根据《人民调解法》第十七条，本委员会不予受理。您可以通过仲裁、行政或诉讼等途径维护权利。", 40 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_BodyId_Status_QueuedAt_Id",
                table: "Disputes",
                columns: new[] { "BodyId", "Status", "QueuedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_BodyId_Status_SubmittedAt_Id",
                table: "Disputes",
                columns: new[] { "BodyId", "Status", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseNotes_DisputeId_At",
                table: "CaseNotes",
                columns: new[] { "DisputeId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_CorrectionRequests_DisputeId_RequestedAt",
                table: "CorrectionRequests",
                columns: new[] { "DisputeId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DisputeHandlings_DisputeId_At",
                table: "DisputeHandlings",
                columns: new[] { "DisputeId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_IntakeClaims_StaffUserId",
                table: "IntakeClaims",
                column: "StaffUserId");

            migrationBuilder.CreateIndex(
                name: "IX_MediatorObjections_DisputeId_MediatorId",
                table: "MediatorObjections",
                columns: new[] { "DisputeId", "MediatorId" });

            migrationBuilder.CreateIndex(
                name: "IX_MediatorProfiles_IdNumberHash",
                table: "MediatorProfiles",
                column: "IdNumberHash");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_CaseId",
                table: "Notifications",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_RecipientKind_RecipientId_CreatedAt",
                table: "Notifications",
                columns: new[] { "RecipientKind", "RecipientId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseNotes");

            migrationBuilder.DropTable(
                name: "CorrectionRequests");

            migrationBuilder.DropTable(
                name: "DisputeHandlings");

            migrationBuilder.DropTable(
                name: "IntakeClaims");

            migrationBuilder.DropTable(
                name: "MediatorObjections");

            migrationBuilder.DropTable(
                name: "MediatorProfiles");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "RejectionReasons");

            migrationBuilder.DropIndex(
                name: "IX_Disputes_BodyId_Status_QueuedAt_Id",
                table: "Disputes");

            migrationBuilder.DropIndex(
                name: "IX_Disputes_BodyId_Status_SubmittedAt_Id",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "QueuedAt",
                table: "Disputes");

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_BodyId_Status_SubmittedAt",
                table: "Disputes",
                columns: new[] { "BodyId", "Status", "SubmittedAt" });
        }
    }
}
