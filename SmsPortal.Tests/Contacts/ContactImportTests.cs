using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Contacts.Import;
using SmsPortal.Tests.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Contacts;

/// <summary>CSV import on the real database: mapping, E.164 with the workspace's region, merge on number, consent, refused rows.</summary>
public sealed class ContactImportTests(TestApp app) : IClassFixture<TestApp>
{
    private ContactImporter Importer => app.Services.GetRequiredService<ContactImporter>();

    [Fact]
    public void Guess_MapsCommonHeaders()
    {
        var mapping = ImportMapping.Guess(["Full name", "Mobile Number", "SMS consent"]);
        var export = ImportMapping.Guess(["number", "name", "tags", "opted_out", "created_at"]);

        Assert.Equal(new ImportMapping(1, 0, 2, false), mapping);
        Assert.Equal(new ImportMapping(0, 1, 3, true), export);
    }

    [Fact]
    public async Task Preview_ShowsTheNumbersAsTheyWillBeStored()
    {
        var team = await ConversationTeam.CreateAsync(app);
        var table = CsvTable.Read("Name;Phone\r\nAda;(555) 123-4567\r\nBob;not a number\r\n");

        var preview = await Importer.PreviewAsync(team.WorkspaceId, table);

        Assert.Equal(["Name", "Phone"], preview.Header);
        Assert.Equal(("+15551234567", "Ada", (string?)null), (preview.Rows[0].E164, preview.Rows[0].Name, preview.Rows[0].Problem));
        Assert.Contains("not a phone number", preview.Rows[1].Problem);
        Assert.Equal(2, preview.RowCount);
    }

    [Fact]
    public async Task Import_Normalises_MergesOnNumber_SetsConsent_ReportsRefusedRows()
    {
        var team = await ConversationTeam.CreateAsync(app);
        await team.SettingsAsync(s => s.DefaultRegion = "GB");
        var data = new InboxTestData(app, team.Endpoint);
        await data.ContactAsync("+447700900123", "Old name");
        var csv = string.Join("\r\n",
            "name,phone,consent",
            "Ada,07700 900123,yes",            // existing contact (national GB format): renamed, stays opted in
            "Bob,+44 7700 900456,no",           // new, opted out
            "Bobby,0044 7700 900456,",          // same number as Bob: merged, name overrides, consent kept
            ",07700 900789,",                   // new, no name
            "Eve,12,yes",                       // refused: not a number
            "Mallory,,yes",                     // refused: no number
            "Trent,07700 900999,maybe",         // refused: consent not understood
            "");

        var report = await Importer.ImportAsync(team.WorkspaceId, team.Owner, CsvTable.Read(csv), ImportMapping.Guess(["name", "phone", "consent"]));

        Assert.Equal((2, 1, 1), (report.Created, report.Updated, report.Merged));
        Assert.Equal([6, 7, 8], report.Refused.Select(r => r.Line));
        Assert.Contains("not a phone number", report.Refused[0].Reason);
        Assert.Equal("No phone number.", report.Refused[1].Reason);
        Assert.Contains("'maybe'", report.Refused[2].Reason);
        var refusedLines = report.RefusedCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,name,phone,consent,reason", refusedLines[0]);
        Assert.StartsWith("6,Eve,12,yes,", refusedLines[1]);
        await using var db = app.CreateDbContext();
        var contacts = await db.Contacts.Where(c => c.WorkspaceId == team.WorkspaceId).OrderBy(c => c.Number).ToListAsync();
        Assert.Equal(["+447700900123", "+447700900456", "+447700900789"], contacts.Select(c => c.Number));
        Assert.Equal(["Ada", "Bobby", null], contacts.Select(c => c.Name));
        Assert.Equal([false, true, false], contacts.Select(c => c.IsOptedOut));
        Assert.Equal(ConversationStatus.Closed, contacts[2].Status);
    }

    [Fact]
    public async Task Import_Twice_NoDuplicates_AndAgentsRefused()
    {
        var team = await ConversationTeam.CreateAsync(app);
        var table = CsvTable.Read("phone\n+1 555 000 1111\n5550001111\n");

        var first = await Importer.ImportAsync(team.WorkspaceId, team.Owner, table, ImportMapping.Guess(table.Header));
        var second = await Importer.ImportAsync(team.WorkspaceId, team.Owner, table, ImportMapping.Guess(table.Header));
        var agent = await Assert.ThrowsAsync<UserInputException>(() => Importer.ImportAsync(team.WorkspaceId, team.AgentA, table, ImportMapping.Guess(table.Header)));

        Assert.Equal((1, 1), (first.Created, first.Merged));
        Assert.Equal((0, 0), (second.Created, second.Updated));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Contacts.CountAsync(c => c.WorkspaceId == team.WorkspaceId));
        Assert.Contains("Owner or Admin", agent.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("phone\n")]
    public void Read_EmptyFiles_ClearError(string text) =>
        Assert.NotEmpty(Assert.Throws<UserInputException>(() => CsvTable.Read(text)).Message);
}
