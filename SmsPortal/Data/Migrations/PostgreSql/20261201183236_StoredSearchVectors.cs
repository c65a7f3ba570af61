using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class StoredSearchVectors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Each searched table keeps its text's tsvector in a stored generated column, indexed by GIN, in place of the
            // expression indexes: a common word's search walks the newest rows backwards and tested to_tsvector on every
            // row it read; now it reads the stored vector. Not in the EF model: PostgreSQL fills it on every insert and
            // update, and only the search's own SQL reads it. Adding the columns rewrites the three tables once.
            migrationBuilder.Sql("""
                DROP INDEX "IX_InboundMessages_Search";
                DROP INDEX "IX_OutboundMessages_Search";
                DROP INDEX "IX_ConversationNotes_Search";
                ALTER TABLE "InboundMessages" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "Text")) STORED;
                ALTER TABLE "OutboundMessages" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "Text")) STORED;
                ALTER TABLE "ConversationNotes" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "Text")) STORED;
                CREATE INDEX "IX_InboundMessages_Search" ON "InboundMessages" USING GIN ("SearchVector");
                CREATE INDEX "IX_OutboundMessages_Search" ON "OutboundMessages" USING GIN ("SearchVector");
                CREATE INDEX "IX_ConversationNotes_Search" ON "ConversationNotes" USING GIN ("SearchVector");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "InboundMessages" DROP COLUMN "SearchVector";
                ALTER TABLE "OutboundMessages" DROP COLUMN "SearchVector";
                ALTER TABLE "ConversationNotes" DROP COLUMN "SearchVector";
                CREATE INDEX "IX_InboundMessages_Search" ON "InboundMessages" USING GIN (to_tsvector('simple', "Text"));
                CREATE INDEX "IX_OutboundMessages_Search" ON "OutboundMessages" USING GIN (to_tsvector('simple', "Text"));
                CREATE INDEX "IX_ConversationNotes_Search" ON "ConversationNotes" USING GIN (to_tsvector('simple', "Text"));
                """);
        }
    }
}
