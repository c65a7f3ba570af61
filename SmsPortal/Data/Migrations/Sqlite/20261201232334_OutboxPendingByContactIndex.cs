using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxPendingByContactIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_PendingByContact",
                table: "OutboundMessages",
                columns: new[] { "ContactId", "Status", "Id" },
                filter: "\"Status\" IN ('Queued', 'Sending')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_PendingByContact",
                table: "OutboundMessages");
        }
    }
}
