using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Api.Infrastructure.Data.Migrations.Postgres
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CertificateValidUntil",
                table: "MediatorProfiles",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "FullTime",
                table: "MediatorProfiles",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Introduction",
                table: "MediatorProfiles",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "Languages",
                table: "MediatorProfiles",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "Level",
                table: "MediatorProfiles",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<List<Guid>>(
                name: "ServedBodyIds",
                table: "MediatorProfiles",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<int>(
                name: "ServingSince",
                table: "MediatorProfiles",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "TermEndsOn",
                table: "MediatorProfiles",
                type: "date",
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
