using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SharedInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AgentsSeeOwnAndUnassigned",
                table: "WorkspaceSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "AutoAssign",
                table: "WorkspaceSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "AutoAssignCap",
                table: "WorkspaceSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 10);

            migrationBuilder.AddColumn<bool>(
                name: "IsAway",
                table: "WorkspaceMembers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "LastAssignedAt",
                table: "WorkspaceMembers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AssignedAt",
                table: "Contacts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssigneeId",
                table: "Contacts",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SnoozedUntil",
                table: "Contacts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Contacts",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Open");

            migrationBuilder.AddColumn<long>(
                name: "WaitingSince",
                table: "Contacts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "AspNetUsers",
                type: "TEXT",
                unicode: false,
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConversationNotes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContactId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConversationNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConversationNotes_Contacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "Contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SavedReplies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Shortcut = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1600, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedReplies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedReplies_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_WorkspaceId_Status_AssigneeId",
                table: "Contacts",
                columns: new[] { "WorkspaceId", "Status", "AssigneeId" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_WorkspaceId_Status_WaitingSince",
                table: "Contacts",
                columns: new[] { "WorkspaceId", "Status", "WaitingSince" });

            migrationBuilder.CreateIndex(
                name: "IX_ConversationNotes_ContactId_CreatedAt",
                table: "ConversationNotes",
                columns: new[] { "ContactId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SavedReplies_WorkspaceId_Shortcut",
                table: "SavedReplies",
                columns: new[] { "WorkspaceId", "Shortcut" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConversationNotes");

            migrationBuilder.DropTable(
                name: "SavedReplies");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_WorkspaceId_Status_AssigneeId",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_WorkspaceId_Status_WaitingSince",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "AgentsSeeOwnAndUnassigned",
                table: "WorkspaceSettings");

            migrationBuilder.DropColumn(
                name: "AutoAssign",
                table: "WorkspaceSettings");

            migrationBuilder.DropColumn(
                name: "AutoAssignCap",
                table: "WorkspaceSettings");

            migrationBuilder.DropColumn(
                name: "IsAway",
                table: "WorkspaceMembers");

            migrationBuilder.DropColumn(
                name: "LastAssignedAt",
                table: "WorkspaceMembers");

            migrationBuilder.DropColumn(
                name: "AssignedAt",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "AssigneeId",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "SnoozedUntil",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "WaitingSince",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "AspNetUsers");
        }
    }
}
