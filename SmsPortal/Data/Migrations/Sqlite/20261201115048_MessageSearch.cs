using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MessageSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search over all history (FTS5): messages both ways and internal notes, filled by triggers
            // as rows arrive (an inbound message once processing gives it its contact) and from what is there now.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchIndex" USING fts5(
                    "Text", "Kind" UNINDEXED, "ItemId" UNINDEXED, "ContactId" UNINDEXED, "WorkspaceId" UNINDEXED, "At" UNINDEXED,
                    tokenize = 'unicode61 remove_diacritics 2');

                CREATE TRIGGER "SearchIndex_Inbound_Insert" AFTER INSERT ON "InboundMessages" WHEN NEW."ContactId" IS NOT NULL
                BEGIN
                    INSERT INTO "SearchIndex" ("Text", "Kind", "ItemId", "ContactId", "WorkspaceId", "At")
                    VALUES (NEW."Text", 'in', NEW."Id", NEW."ContactId", NEW."WorkspaceId", NEW."StoredAt");
                END;

                CREATE TRIGGER "SearchIndex_Inbound_Processed" AFTER UPDATE OF "ContactId" ON "InboundMessages"
                WHEN NEW."ContactId" IS NOT NULL AND OLD."ContactId" IS NULL
                BEGIN
                    INSERT INTO "SearchIndex" ("Text", "Kind", "ItemId", "ContactId", "WorkspaceId", "At")
                    VALUES (NEW."Text", 'in', NEW."Id", NEW."ContactId", NEW."WorkspaceId", NEW."StoredAt");
                END;

                CREATE TRIGGER "SearchIndex_Outbound_Insert" AFTER INSERT ON "OutboundMessages"
                BEGIN
                    INSERT INTO "SearchIndex" ("Text", "Kind", "ItemId", "ContactId", "WorkspaceId", "At")
                    VALUES (NEW."Text", 'out', NEW."Id", NEW."ContactId", NEW."WorkspaceId", NEW."CreatedAt");
                END;

                CREATE TRIGGER "SearchIndex_Note_Insert" AFTER INSERT ON "ConversationNotes"
                BEGIN
                    INSERT INTO "SearchIndex" ("Text", "Kind", "ItemId", "ContactId", "WorkspaceId", "At")
                    VALUES (NEW."Text", 'note', NEW."Id", NEW."ContactId", NEW."WorkspaceId", NEW."CreatedAt");
                END;

                INSERT INTO "SearchIndex" ("Text", "Kind", "ItemId", "ContactId", "WorkspaceId", "At")
                SELECT "Text", 'in', "Id", "ContactId", "WorkspaceId", "StoredAt" FROM "InboundMessages" WHERE "ContactId" IS NOT NULL;
                INSERT INTO "SearchIndex" ("Text", "Kind", "ItemId", "ContactId", "WorkspaceId", "At")
                SELECT "Text", 'out', "Id", "ContactId", "WorkspaceId", "CreatedAt" FROM "OutboundMessages";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "SearchIndex_Inbound_Insert";
                DROP TRIGGER "SearchIndex_Inbound_Processed";
                DROP TRIGGER "SearchIndex_Outbound_Insert";
                DROP TRIGGER "SearchIndex_Note_Insert";
                DROP TABLE "SearchIndex";
                """);
        }
    }
}
