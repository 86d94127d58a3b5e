using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RiskReportContacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "GovernanceCentreName",
                table: "BodyAlertChannels",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GovernanceCentrePhoneCipher",
                table: "BodyAlertChannels",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PoliceLiaisonName",
                table: "BodyAlertChannels",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PoliceLiaisonPhoneCipher",
                table: "BodyAlertChannels",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GovernanceCentreName",
                table: "BodyAlertChannels");

            migrationBuilder.DropColumn(
                name: "GovernanceCentrePhoneCipher",
                table: "BodyAlertChannels");

            migrationBuilder.DropColumn(
                name: "PoliceLiaisonName",
                table: "BodyAlertChannels");

            migrationBuilder.DropColumn(
                name: "PoliceLiaisonPhoneCipher",
                table: "BodyAlertChannels");
        }
    }
}
