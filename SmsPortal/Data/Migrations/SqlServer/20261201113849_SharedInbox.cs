using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.SqlServer
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
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "AutoAssign",
                table: "WorkspaceSettings",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "AutoAssignCap",
                table: "WorkspaceSettings",
                type: "int",
                nullable: false,
                defaultValue: 10);

            migrationBuilder.AddColumn<bool>(
                name: "IsAway",
                table: "WorkspaceMembers",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastAssignedAt",
                table: "WorkspaceMembers",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AssignedAt",
                table: "Contacts",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssigneeId",
                table: "Contacts",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SnoozedUntil",
                table: "Contacts",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Contacts",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Open");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "WaitingSince",
                table: "Contacts",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "AspNetUsers",
                type: "varchar(64)",
                unicode: false,
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConversationNotes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "varchar(40)", unicode: false, maxLength: 40, nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ContactId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AuthorId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    AuthorName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Shortcut = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(1600)", maxLength: 1600, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
