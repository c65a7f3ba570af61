using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.Inbox;
using SmsPortal.SavedReplies;
using SmsPortal.Tests.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.SavedReplies;

public sealed class SavedReplyTests(TestApp app) : IClassFixture<TestApp>
{
    private SavedReplyService Service => app.Services.GetRequiredService<SavedReplyService>();

    [Theory]
    [InlineData("Ada Lovelace", "Hi Ada Lovelace, we open at 9. — Agent A")]
    [InlineData(null, "Hi there, we open at 9. — Agent A")]
    [InlineData("   ", "Hi there, we open at 9. — Agent A")]
    public void Render_FillsVariables_WithFallbacksForBlanks(string? name, string expected) =>
        Assert.Equal(expected, ReplyTemplate.Render("Hi {{contact.name|there}}, we open at 9. — {{ agent.name }}", new ReplyContext(name, "+15550001111", "Agent A", "Shop")));

    [Fact]
    public void Render_FirstNameAndNumber_UnknownLeftAsWritten() =>
        Assert.Equal("Ada (+15550001111) {{order.id}} ", ReplyTemplate.Render("{{contact.first_name}} ({{contact.number}}) {{order.id}} {{workspace.name|}}",
            new ReplyContext("Ada Lovelace", "+15550001111", null, null)));

    [Fact]
    public void SegmentCounter_CountsTheFilledText()
    {
        var template = "Hello {{contact.name|there}}! " + new string('x', 140);
        var filled = ReplyTemplate.Render(template, new ReplyContext("Maximilian Alexander von Habsburg", "+1", null, null));

        Assert.Equal(1, SmsSegments.Count(ReplyTemplate.Render(template, new ReplyContext(null, "+1", null, null))).Segments);
        Assert.Equal(2, SmsSegments.Count(filled).Segments);
    }

    [Fact]
    public async Task SaveAndSearch_ShortcutMatchesFirst_ScopedToTheWorkspace()
    {
        var team = await ConversationTeam.CreateAsync(app);
        var other = await ConversationTeam.CreateAsync(app);
        await Service.SaveAsync(team.WorkspaceId, team.Owner, null, "hours", "We open at {{workspace.name|9}}.");
        await Service.SaveAsync(team.WorkspaceId, team.Owner, null, "refund", "Refunds take 5 days; see our hours online.");
        await Service.SaveAsync(other.WorkspaceId, other.Owner, null, "hours", "Other team's hours");

        var found = await Service.SearchAsync(team.WorkspaceId, "/hou");
        var all = await Service.SearchAsync(team.WorkspaceId, "");

        Assert.Equal(["hours", "refund"], found.Select(r => r.Shortcut));
        Assert.Equal(2, all.Count);
        Assert.DoesNotContain(found, r => r.Text.Contains("Other team"));
    }

    [Fact]
    public async Task Save_Refuses_UnknownVariable_DuplicateShortcut_AndAgents()
    {
        var team = await ConversationTeam.CreateAsync(app);
        await Service.SaveAsync(team.WorkspaceId, team.Owner, null, "hi", "Hi {{contact.name|there}}");

        var typo = await Assert.ThrowsAsync<UserInputException>(() => Service.SaveAsync(team.WorkspaceId, team.Owner, null, "x", "Hi {{contact.nmae}}"));
        var duplicate = await Assert.ThrowsAsync<UserInputException>(() => Service.SaveAsync(team.WorkspaceId, team.Owner, null, "/hi", "again"));
        var agent = await Assert.ThrowsAsync<UserInputException>(() => Service.SaveAsync(team.WorkspaceId, team.AgentA, null, "y", "text"));

        Assert.Contains("{{contact.nmae}}", typo.Message);
        Assert.Contains("/hi", duplicate.Message);
        Assert.Contains("Owner or Admin", agent.Message);
    }
}
