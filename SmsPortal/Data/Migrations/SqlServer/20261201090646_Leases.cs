using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Leases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LeaseExpiresAt",
                table: "OutboundMessages",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "OutboundMessages",
                type: "varchar(80)",
                unicode: false,
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LeaseExpiresAt",
                table: "InboundMessages",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "InboundMessages",
                type: "varchar(80)",
                unicode: false,
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LeaseExpiresAt",
                table: "ForwardDeliveries",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "ForwardDeliveries",
                type: "varchar(80)",
                unicode: false,
                maxLength: 80,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "OutboundMessages");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "OutboundMessages");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "InboundMessages");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "InboundMessages");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "ForwardDeliveries");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "ForwardDeliveries");
        }
    }
}
