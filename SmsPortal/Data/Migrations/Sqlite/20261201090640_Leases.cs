using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Leases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LeaseExpiresAt",
                table: "OutboundMessages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "OutboundMessages",
                type: "TEXT",
                unicode: false,
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeaseExpiresAt",
                table: "InboundMessages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "InboundMessages",
                type: "TEXT",
                unicode: false,
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeaseExpiresAt",
                table: "ForwardDeliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "ForwardDeliveries",
                type: "TEXT",
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
