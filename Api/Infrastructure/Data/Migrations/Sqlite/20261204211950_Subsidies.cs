using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Subsidies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SubsidyRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BodyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SimpleCaseFen = table.Column<long>(type: "INTEGER", nullable: false),
                    OrdinaryCaseFen = table.Column<long>(type: "INTEGER", nullable: false),
                    ComplexCaseFen = table.Column<long>(type: "INTEGER", nullable: false),
                    OrdinaryFromSessions = table.Column<int>(type: "INTEGER", nullable: false),
                    ComplexFromSessions = table.Column<int>(type: "INTEGER", nullable: false),
                    WrittenAgreementFen = table.Column<long>(type: "INTEGER", nullable: false),
                    OralAgreementFen = table.Column<long>(type: "INTEGER", nullable: false),
                    ReferralBonusFen = table.Column<long>(type: "INTEGER", nullable: false),
                    MonthlyCapFen = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SubsidySheets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BodyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RuleBodyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RuleVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    LinesJson = table.Column<string>(type: "TEXT", nullable: false),
                    ComputedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ApprovedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApprovedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ApprovedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidySheets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SubsidyAdjustments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SheetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MediatorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MediatorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ById = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyAdjustments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubsidyAdjustments_SubsidySheets_SheetId",
                        column: x => x.SheetId,
                        principalTable: "SubsidySheets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyAdjustments_SheetId",
                table: "SubsidyAdjustments",
                column: "SheetId");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyRules_BodyId",
                table: "SubsidyRules",
                column: "BodyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubsidySheets_BodyId_Month",
                table: "SubsidySheets",
                columns: new[] { "BodyId", "Month" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SubsidyAdjustments");

            migrationBuilder.DropTable(
                name: "SubsidyRules");

            migrationBuilder.DropTable(
                name: "SubsidySheets");
        }
    }
}
