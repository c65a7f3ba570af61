using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Inbox;

/// <summary>"Agents see only their own and unassigned conversations": lists, counts, threads and actions.</summary>
public sealed class VisibilityTests(TestApp app) : IClassFixture<TestApp>
{
    private ConversationService Conversations => app.Services.GetRequiredService<ConversationService>();
    private InboxService Inbox => app.Services.GetRequiredService<InboxService>();

    [Fact]
    public async Task RestrictedAgent_SeesOwnAndUnassigned_AdminsSeeAll()
    {
        var team = await ConversationTeam.CreateAsync(app);
        var (mine, theirs, free) = await ThreeConversationsAsync(team);
        var data = new InboxTestData(app, team.Endpoint);
        await data.InboundAsync(await team.ReloadAsync(theirs.Id), "B's secret", InboxTestData.T0);

        var before = await Inbox.ListConversationsAsync(team.WorkspaceId, team.AgentA, new ContactQuery());
        await team.SettingsAsync(s => s.AgentsSeeOwnAndUnassigned = true);
        var agentList = await Inbox.ListConversationsAsync(team.WorkspaceId, team.AgentA, new ContactQuery());
        var agentSearch = await Inbox.ListConversationsAsync(team.WorkspaceId, team.AgentA, new ContactQuery { Search = "secret" });
        var ownerList = await Inbox.ListConversationsAsync(team.WorkspaceId, team.Owner, new ContactQuery());
        var agentCounts = await Conversations.CountsAsync(team.WorkspaceId, team.AgentA);
        var hiddenThread = await Inbox.GetThreadAsync(team.WorkspaceId, team.AgentA, theirs.Id);
        var ownerThread = await Inbox.GetThreadAsync(team.WorkspaceId, team.Owner, theirs.Id);

        Assert.Equal(3, before.Total);
        Assert.Equal(new[] { mine.Id, free.Id }.Order(), agentList.Items.Select(c => c.Id).Order());
        Assert.Empty(agentSearch.Items);
        Assert.Equal(3, ownerList.Total);
        Assert.Equal((1, 1, 2), (agentCounts.Mine, agentCounts.Unassigned, agentCounts.Open));
        Assert.Empty(hiddenThread.Messages);
        Assert.Equal("B's secret", Assert.Single(ownerThread.Messages).Text);
        await Assert.ThrowsAsync<UserInputException>(() => Conversations.AddNoteAsync(team.WorkspaceId, team.AgentA, theirs.Id, "peek"));
        await Assert.ThrowsAsync<UserInputException>(() => Conversations.SetStatusAsync(team.WorkspaceId, team.AgentA, theirs.Id, ConversationStatus.Closed));
    }

    /// <summary>
    /// Sending is an action on a conversation too: from the reply box, or by number through a member's API key, a
    /// restricted Agent may write to their own, unassigned and new conversations, never to a colleague's.
    /// </summary>
    [Fact]
    public async Task RestrictedAgent_CannotSendIntoAColleaguesConversation_ByContactOrByNumber()
    {
        var team = await ConversationTeam.CreateAsync(app);
        var (mine, theirs, free) = await ThreeConversationsAsync(team);
        await team.SettingsAsync(s => s.AgentsSeeOwnAndUnassigned = true);
        var outbound = app.Services.GetRequiredService<SmsPortal.Outbound.OutboundService>();

        var byContact = await Assert.ThrowsAsync<UserInputException>(() => outbound.SendAsync(team.WorkspaceId, team.AgentA, theirs.Id, "hello"));
        var byNumber = await Assert.ThrowsAsync<UserInputException>(() => outbound.SendToNumberAsync(team.WorkspaceId, team.AgentA, theirs.Number, "hello"));
        await outbound.SendAsync(team.WorkspaceId, team.AgentA, mine.Id, "to mine");
        await outbound.SendAsync(team.WorkspaceId, team.AgentA, free.Id, "to an unassigned one");
        var fresh = await outbound.SendToNumberAsync(team.WorkspaceId, team.AgentA, "+15550209999", "to a new number");
        await outbound.SendAsync(team.WorkspaceId, team.Owner, theirs.Id, "the Owner sees all");

        Assert.Equal("That conversation was not found.", byContact.Message);
        Assert.Equal(byContact.Message, byNumber.Message);
        await using var db = app.CreateDbContext();
        var sent = db.OutboundMessages.Where(m => m.WorkspaceId == team.WorkspaceId).Select(m => new { m.ContactId, m.Text }).ToList();
        Assert.Equal(["the Owner sees all"], sent.Where(m => m.ContactId == theirs.Id).Select(m => m.Text));
        Assert.Equal(4, sent.Count);
        Assert.Contains(sent, m => m.ContactId == fresh.ContactId);
    }

    internal static async Task<(Contact Mine, Contact Theirs, Contact Free)> ThreeConversationsAsync(ConversationTeam team)
    {
        var contacts = await team.WaitingAsync(3, "+1555020");
        var conversations = team.App.Services.GetRequiredService<ConversationService>();
        await conversations.AssignAsync(team.WorkspaceId, team.Owner, contacts[0].Id, team.AgentA.UserId);
        await conversations.AssignAsync(team.WorkspaceId, team.Owner, contacts[1].Id, team.AgentB.UserId);
        return (contacts[0], contacts[1], contacts[2]);
    }
}
