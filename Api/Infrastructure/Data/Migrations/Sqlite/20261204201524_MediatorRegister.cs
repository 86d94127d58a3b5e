using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MediatorRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CertificateNumber",
                table: "MediatorProfiles",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CertificateValidUntil",
                table: "MediatorProfiles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "FullTime",
                table: "MediatorProfiles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Introduction",
                table: "MediatorProfiles",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Languages",
                table: "MediatorProfiles",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Level",
                table: "MediatorProfiles",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ServedBodyIds",
                table: "MediatorProfiles",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<int>(
                name: "ServingSince",
                table: "MediatorProfiles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "TermEndsOn",
                table: "MediatorProfiles",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CertificateNumber",
                table: "MediatorProfiles");

            migrationBuilder.DropColumn(
                name: "CertificateValidUntil",
                table: "MediatorProfiles");

            migrationBuilder.DropColumn(
                name: "FullTime",
                table: "MediatorProfiles");

            migrationBuilder.DropColumn(
                name: "Introduction",
                table: "MediatorProfiles");

            migrationBuilder.DropColumn(
                name: "Languages",
                table: "MediatorProfiles");

            migrationBuilder.DropColumn(
                name: "Level",
                table: "MediatorProfiles");

            migrationBuilder.DropColumn(
                name: "ServedBodyIds",
                table: "MediatorProfiles");

            migrationBuilder.DropColumn(
                name: "ServingSince",
                table: "MediatorProfiles");

            migrationBuilder.DropColumn(
                name: "TermEndsOn",
                table: "MediatorProfiles");
        }
    }
}
