using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Inbox;

/// <summary>GET /inbox/{id}/export.csv|json over real HTTP, with the visibility setting on.</summary>
public sealed class ConversationExportTests : IAsyncLifetime
{
    private readonly TestApp _app = new(signInByHeader: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Export_CsvAndJson_WithNotes_OnlyForThoseWhoMaySee()
    {
        var team = await ConversationTeam.CreateAsync(_app);
        var (mine, theirs, _) = await VisibilityTests.ThreeConversationsAsync(team);
        var data = new InboxTestData(_app, team.Endpoint);
        var contact = await team.ReloadAsync(mine.Id);
        await data.InboundAsync(contact, "Hello, \"quoted\", with comma", InboxTestData.T0);
        await data.OutboundAsync(contact, "=SUM(A1) looks like a formula", InboxTestData.T0.AddMinutes(1));
        await _app.Services.GetRequiredService<ConversationService>().AddNoteAsync(team.WorkspaceId, team.AgentA, mine.Id, "VIP customer");
        await team.SettingsAsync(s => s.AgentsSeeOwnAndUnassigned = true);
        using var agent = PortalSignIn.AsUser(_app, await team.EmailAsync(team.AgentA));

        var csv = await agent.GetAsync($"/inbox/{mine.Id}/export.csv");
        var json = await agent.GetAsync($"/inbox/{mine.Id}/export.json");
        var hidden = await agent.GetAsync($"/inbox/{theirs.Id}/export.csv");
        var wrongFormat = await agent.GetAsync($"/inbox/{mine.Id}/export.xml");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,kind,from,to,text,status,by,id", lines[0]);
        Assert.StartsWith("2026-11-01T09:00:00Z,inbound,+15550200000,,\"Hello, \"\"quoted\"\", with comma\"", lines[1]);
        Assert.Contains(",'=SUM(A1) looks like a formula,Sent,", lines[2]);
        Assert.Contains(",note,,,VIP customer,,Agent A,note_", lines[3]);
        using var document = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        Assert.Equal("+15550200000", document.RootElement.GetProperty("contact").GetProperty("number").GetString());
        Assert.Equal(["inbound", "outbound", "note"], document.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("application/problem+json", hidden.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, wrongFormat.StatusCode);
    }
}
