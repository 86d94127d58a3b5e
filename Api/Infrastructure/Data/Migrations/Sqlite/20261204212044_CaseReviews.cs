using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Mediation.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReviewChecklists",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewChecklists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReviewChecklistItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChecklistId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MaxPoints = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewChecklistItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewChecklistItems_ReviewChecklists_ChecklistId",
                        column: x => x.ChecklistId,
                        principalTable: "ReviewChecklists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewSamples",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BodyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ToUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Seed = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Size = table.Column<int>(type: "INTEGER", nullable: true),
                    TypeCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    MediatorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Candidates = table.Column<int>(type: "INTEGER", nullable: false),
                    ChecklistId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewSamples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewSamples_Bodies_BodyId",
                        column: x => x.BodyId,
                        principalTable: "Bodies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReviewSamples_ReviewChecklists_ChecklistId",
                        column: x => x.ChecklistId,
                        principalTable: "ReviewChecklists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CaseReviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SampleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisputeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BodyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ChecklistId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TotalPoints = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ScoredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ScoredById = table.Column<Guid>(type: "TEXT", nullable: true),
                    RectificationDueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RectificationReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReturnedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TimesReturned = table.Column<int>(type: "INTEGER", nullable: false),
                    RectifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RectificationReply = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseReviews_Disputes_DisputeId",
                        column: x => x.DisputeId,
                        principalTable: "Disputes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseReviews_ReviewChecklists_ChecklistId",
                        column: x => x.ChecklistId,
                        principalTable: "ReviewChecklists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseReviews_ReviewSamples_SampleId",
                        column: x => x.SampleId,
                        principalTable: "ReviewSamples",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseReviewScores",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseReviewScores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseReviewScores_CaseReviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "CaseReviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CaseReviewScores_ReviewChecklistItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "ReviewChecklistItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "ReviewChecklists",
                columns: new[] { "Id", "CreatedAt", "CreatedById", "Version" },
                values: new object[] { new Guid("0193a000-0000-7000-8000-00000000c001"), new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), null, 1 });

            migrationBuilder.InsertData(
                table: "ReviewChecklistItems",
                columns: new[] { "Id", "ChecklistId", "Code", "MaxPoints", "Position", "Title" },
                values: new object[,]
                {
                    { new Guid("0193a000-0000-7000-8000-00000000c101"), new Guid("0193a000-0000-7000-8000-00000000c001"), "registration", 15, 1, "受理登记完整" },
                    { new Guid("0193a000-0000-7000-8000-00000000c102"), new Guid("0193a000-0000-7000-8000-00000000c001"), "notification", 15, 2, "告知到位" },
                    { new Guid("0193a000-0000-7000-8000-00000000c103"), new Guid("0193a000-0000-7000-8000-00000000c001"), "minutes", 20, 3, "调解记录完整" },
                    { new Guid("0193a000-0000-7000-8000-00000000c104"), new Guid("0193a000-0000-7000-8000-00000000c001"), "agreement", 20, 4, "协议要素齐全（人民调解法第二十九条）" },
                    { new Guid("0193a000-0000-7000-8000-00000000c105"), new Guid("0193a000-0000-7000-8000-00000000c001"), "follow-up", 15, 5, "回访记录" },
                    { new Guid("0193a000-0000-7000-8000-00000000c106"), new Guid("0193a000-0000-7000-8000-00000000c001"), "archiving", 15, 6, "卷宗归档规范" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseReviews_BodyId_ScoredAt",
                table: "CaseReviews",
                columns: new[] { "BodyId", "ScoredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseReviews_ChecklistId",
                table: "CaseReviews",
                column: "ChecklistId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReviews_DisputeId",
                table: "CaseReviews",
                column: "DisputeId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReviews_SampleId_DisputeId",
                table: "CaseReviews",
                columns: new[] { "SampleId", "DisputeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseReviews_Status_RectificationDueOn",
                table: "CaseReviews",
                columns: new[] { "Status", "RectificationDueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseReviewScores_ItemId",
                table: "CaseReviewScores",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReviewScores_ReviewId_ItemId",
                table: "CaseReviewScores",
                columns: new[] { "ReviewId", "ItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewChecklistItems_ChecklistId_Code",
                table: "ReviewChecklistItems",
                columns: new[] { "ChecklistId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewChecklists_Version",
                table: "ReviewChecklists",
                column: "Version",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewSamples_BodyId_CreatedAt",
                table: "ReviewSamples",
                columns: new[] { "BodyId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewSamples_ChecklistId",
                table: "ReviewSamples",
                column: "ChecklistId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseReviewScores");

            migrationBuilder.DropTable(
                name: "CaseReviews");

            migrationBuilder.DropTable(
                name: "ReviewChecklistItems");

            migrationBuilder.DropTable(
                name: "ReviewSamples");

            migrationBuilder.DropTable(
                name: "ReviewChecklists");
        }
    }
}
