using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 64);

            migrationBuilder.AddColumn<string>(
                name: "ApplicationNumber",
                table: "Disputes",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Cases filed before numbers moved to acceptance keep the case number they were given (citizens know
            // it); their application number is derived from it, so it is unique too.
            // A "case number" in the application-number format was put there by Down (a case that had not been
            // accepted when the service was rolled back): it goes back to being the application number, and the
            // next migration clears it (SQLite rebuilds the table to make the column nullable after this statement).
            migrationBuilder.Sql(
                """
                UPDATE "Disputes" SET "ApplicationNumber" =
                    CASE WHEN "CaseNumber" LIKE 'SQ________-________' THEN "CaseNumber" ELSE 'SQ-' || "CaseNumber" END;
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
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
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
