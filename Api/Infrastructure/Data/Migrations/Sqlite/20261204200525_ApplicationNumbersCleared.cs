using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <summary>
    /// The second half of <see cref="ApplicationNumbers"/> on SQLite: a case whose "case number" is in the
    /// application-number format was not accepted when the service was rolled back, so it has no case number. A
    /// statement of its own because SQLite makes the column nullable by rebuilding the table after the previous
    /// migration's statements.
    /// </summary>
    public partial class ApplicationNumbersCleared : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                UPDATE "Disputes" SET "CaseNumber" = NULL
                WHERE "CaseNumber" = "ApplicationNumber" AND "CaseNumber" LIKE 'SQ________-________'
                """
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // ApplicationNumbers.Down gives every case without a case number its application number again.
        }
    }
}
