using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DashboardCountIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_Failed",
                table: "OutboundMessages",
                columns: new[] { "WorkspaceId", "CreatedAt" },
                filter: "\"Status\" = 'Failed'");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_Queued",
                table: "OutboundMessages",
                column: "WorkspaceId",
                filter: "\"Status\" = 'Queued'");

            migrationBuilder.CreateIndex(
                name: "IX_InboundMessages_Parked",
                table: "InboundMessages",
                column: "WorkspaceId",
                filter: "\"Status\" = 'Failed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_Failed",
                table: "OutboundMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_Queued",
                table: "OutboundMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboundMessages_Parked",
                table: "InboundMessages");
        }
    }
}
