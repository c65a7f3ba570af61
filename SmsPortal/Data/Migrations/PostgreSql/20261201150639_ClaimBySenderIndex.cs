using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ClaimBySenderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_InboundMessages_Status_WorkspaceId_From_LeaseExpiresAt",
                table: "InboundMessages",
                columns: new[] { "Status", "WorkspaceId", "From", "LeaseExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InboundMessages_Status_WorkspaceId_From_LeaseExpiresAt",
                table: "InboundMessages");
        }
    }
}
