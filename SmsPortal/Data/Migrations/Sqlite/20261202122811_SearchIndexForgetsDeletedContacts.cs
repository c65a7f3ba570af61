using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchIndexForgetsDeletedContacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Deleting a contact deletes its conversation; the full-text index is a table of its own, so its rows for
            // that contact go with the contact row (one scan of the index per deleted contact), and the rows left
            // behind by contacts deleted before this migration go now.
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchIndex_Contact_Delete" AFTER DELETE ON "Contacts"
                BEGIN
                    DELETE FROM "SearchIndex" WHERE "ContactId" = OLD."Id";
                END;

                DELETE FROM "SearchIndex" WHERE "ContactId" NOT IN (SELECT "Id" FROM "Contacts");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "SearchIndex_Contact_Delete";""");
        }
    }
}
