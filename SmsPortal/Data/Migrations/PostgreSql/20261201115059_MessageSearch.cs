using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MessageSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search over all history: expression GIN indexes that the search's to_tsvector('simple', ...) uses.
            migrationBuilder.Sql("""
                CREATE INDEX "IX_InboundMessages_Search" ON "InboundMessages" USING GIN (to_tsvector('simple', "Text"));
                CREATE INDEX "IX_OutboundMessages_Search" ON "OutboundMessages" USING GIN (to_tsvector('simple', "Text"));
                CREATE INDEX "IX_ConversationNotes_Search" ON "ConversationNotes" USING GIN (to_tsvector('simple', "Text"));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX "IX_InboundMessages_Search";
                DROP INDEX "IX_OutboundMessages_Search";
                DROP INDEX "IX_ConversationNotes_Search";
                """);
        }
    }
}
