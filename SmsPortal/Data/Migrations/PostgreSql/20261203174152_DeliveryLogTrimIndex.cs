using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DeliveryLogTrimIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DeliveryLog_EndpointId_Id",
                table: "DeliveryLog");

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryLog_EndpointId_Id_Outcome",
                table: "DeliveryLog",
                columns: new[] { "EndpointId", "Id", "Outcome" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DeliveryLog_EndpointId_Id_Outcome",
                table: "DeliveryLog");

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryLog_EndpointId_Id",
                table: "DeliveryLog",
                columns: new[] { "EndpointId", "Id" });
        }
    }
}
