using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ParticipationAndCaseSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Method",
                table: "LegalTextAcceptances",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "MiniProgram");

            migrationBuilder.AddColumn<string>(
                name: "Referral_Contact",
                table: "Disputes",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Referral_DocumentNumber",
                table: "Disputes",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "Referral_DueOn",
                table: "Disputes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "Referral_ReceivedOn",
                table: "Disputes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Referral_UnitName",
                table: "Disputes",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RegisteredById",
                table: "Disputes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ParticipationAnswers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisputeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Agrees = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ParticipationAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ParticipationAnswers_Disputes_DisputeId",
                        column: x => x.DisputeId,
                        principalTable: "Disputes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ParticipationAnswers_DisputeId_At",
                table: "ParticipationAnswers",
                columns: new[] { "DisputeId", "At" });

            // Two sources were renamed when staff registration arrived; no code wrote them before, but a row may.
            migrationBuilder.Sql("UPDATE \"Disputes\" SET \"Source\" = 'PetitionReferral' WHERE \"Source\" = 'Petition'");
            migrationBuilder.Sql("UPDATE \"Disputes\" SET \"Source\" = 'GovernmentReferral' WHERE \"Source\" = 'GovernmentAssigned'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ParticipationAnswers");

            migrationBuilder.DropColumn(
                name: "Method",
                table: "LegalTextAcceptances");

            migrationBuilder.DropColumn(
                name: "Referral_Contact",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "Referral_DocumentNumber",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "Referral_DueOn",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "Referral_ReceivedOn",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "Referral_UnitName",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "RegisteredById",
                table: "Disputes");
        }
    }
}
