using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeliveryLogPerEndpointIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_DeliveryLog_EndpointId_Id",
                table: "DeliveryLog",
                columns: new[] { "EndpointId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DeliveryLog_EndpointId_Id",
                table: "DeliveryLog");
        }
    }
}
