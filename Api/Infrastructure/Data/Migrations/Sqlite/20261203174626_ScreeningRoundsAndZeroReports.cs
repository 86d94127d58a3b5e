using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScreeningRoundsAndZeroReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ScreeningRounds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BodyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Area = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Screeners = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Visited = table.Column<int>(type: "INTEGER", nullable: false),
                    DisputesFound = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScreeningRounds_Bodies_BodyId",
                        column: x => x.BodyId,
                        principalTable: "Bodies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ZeroReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BodyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ReportedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZeroReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ZeroReports_Bodies_BodyId",
                        column: x => x.BodyId,
                        principalTable: "Bodies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningRounds_BodyId_On",
                table: "ScreeningRounds",
                columns: new[] { "BodyId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_ZeroReports_BodyId_Month",
                table: "ZeroReports",
                columns: new[] { "BodyId", "Month" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ScreeningRounds");

            migrationBuilder.DropTable(
                name: "ZeroReports");
        }
    }
}
