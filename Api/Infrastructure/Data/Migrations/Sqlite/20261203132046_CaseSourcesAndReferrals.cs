using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseSourcesAndReferrals : Migration
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

            // Two sources were renamed when staff registration arrived; no code wrote them before, but a row may.
            migrationBuilder.Sql("UPDATE \"Disputes\" SET \"Source\" = 'PetitionReferral' WHERE \"Source\" = 'Petition'");
            migrationBuilder.Sql("UPDATE \"Disputes\" SET \"Source\" = 'GovernmentReferral' WHERE \"Source\" = 'GovernmentAssigned'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
