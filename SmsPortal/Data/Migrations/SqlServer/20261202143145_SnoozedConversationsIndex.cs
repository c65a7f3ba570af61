using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SnoozedConversationsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Snoozed",
                table: "Contacts",
                column: "SnoozedUntil",
                filter: "[Status] = 'Snoozed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_Snoozed",
                table: "Contacts");
        }
    }
}
