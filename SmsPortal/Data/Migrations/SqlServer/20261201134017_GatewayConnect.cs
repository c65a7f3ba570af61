using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsPortal.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class GatewayConnect : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "HoldReplies",
                table: "InboundMessages",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "KeepRepeatedTexts",
                table: "Endpoints",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "CatchUpRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EndpointId = table.Column<string>(type: "varchar(40)", unicode: false, maxLength: 40, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Until = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    HoldReplies = table.Column<bool>(type: "bit", nullable: false),
                    Devices = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatchUpRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CatchUpRuns_Endpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "Endpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GatewayConnections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EndpointId = table.Column<string>(type: "varchar(40)", unicode: false, maxLength: 40, nullable: false),
                    Type = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    RemoteWebhookIds = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    SigningKeyAtGateway = table.Column<bool>(type: "bit", nullable: false),
                    HookUrl = table.Column<string>(type: "nvarchar(2048)", maxLength: 2048, nullable: false),
                    ConnectedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    SigningKeyUpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayConnections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GatewayConnections_Endpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "Endpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CatchUpRuns_EndpointId_RequestedAt",
                table: "CatchUpRuns",
                columns: new[] { "EndpointId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GatewayConnections_EndpointId",
                table: "GatewayConnections",
                column: "EndpointId");

            migrationBuilder.CreateIndex(
                name: "IX_GatewayConnections_WorkspaceId_Type",
                table: "GatewayConnections",
                columns: new[] { "WorkspaceId", "Type" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CatchUpRuns");

            migrationBuilder.DropTable(
                name: "GatewayConnections");

            migrationBuilder.DropColumn(
                name: "HoldReplies",
                table: "InboundMessages");

            migrationBuilder.DropColumn(
                name: "KeepRepeatedTexts",
                table: "Endpoints");
        }
    }
}
