using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RuleSetVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "Contacts",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RuleSetVersion",
                table: "ActionExecutions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RuleSetVersions",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    DocumentJson = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PublishedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RestoredFrom = table.Column<int>(type: "INTEGER", nullable: true),
                    RuleCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RuleSetVersions", x => new { x.WorkspaceId, x.Number });
                    table.ForeignKey(
                        name: "FK_RuleSetVersions_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RuleSetVersions");

            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "RuleSetVersion",
                table: "ActionExecutions");
        }
    }
}
