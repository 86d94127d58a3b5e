using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApplicationNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Disputes_BodyId_CaseNumber",
                table: "Disputes");

            migrationBuilder.AlterColumn<string>(
                name: "CaseNumber",
                table: "Disputes",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AddColumn<string>(
                name: "ApplicationNumber",
                table: "Disputes",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Cases filed before numbers moved to acceptance keep the case number they were given (citizens know
            // it); their application number is derived from it, so it is unique too.
            // A "case number" in the application-number format was put there by Down (a case that had not been
            // accepted when the service was rolled back): it goes back to being the application number.
            migrationBuilder.Sql(
                """
                UPDATE "Disputes" SET "ApplicationNumber" = "CaseNumber", "CaseNumber" = NULL
                WHERE "CaseNumber" LIKE 'SQ________-________';
                UPDATE "Disputes" SET "ApplicationNumber" = 'SQ-' || "CaseNumber" WHERE "CaseNumber" IS NOT NULL;
                """
            );

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_ApplicationNumber",
                table: "Disputes",
                column: "ApplicationNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_CaseNumber",
                table: "Disputes",
                column: "CaseNumber",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Disputes_ApplicationNumber",
                table: "Disputes");

            migrationBuilder.DropIndex(
                name: "IX_Disputes_CaseNumber",
                table: "Disputes");

            migrationBuilder.Sql(
                "UPDATE \"Disputes\" SET \"CaseNumber\" = \"ApplicationNumber\" WHERE \"CaseNumber\" IS NULL"
            );

            migrationBuilder.DropColumn(
                name: "ApplicationNumber",
                table: "Disputes");

            migrationBuilder.AlterColumn<string>(
                name: "CaseNumber",
                table: "Disputes",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_BodyId_CaseNumber",
                table: "Disputes",
                columns: new[] { "BodyId", "CaseNumber" },
                unique: true);
        }
    }
}
