using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Inbox;

/// <summary>Status, reopening and the views, on the app's real SQLite database.</summary>
public sealed class ConversationServiceTests(TestApp app) : IClassFixture<TestApp>
{
    private ConversationService Conversations => app.Services.GetRequiredService<ConversationService>();
    private InboxService Inbox => app.Services.GetRequiredService<InboxService>();

    [Fact]
    public async Task SetStatus_CloseSnoozeReopen_MovesBetweenViews()
    {
        var team = await ConversationTeam.CreateAsync(app);
        var contact = (await team.WaitingAsync(1))[0];

        await Conversations.SetStatusAsync(team.WorkspaceId, team.AgentA, contact.Id, ConversationStatus.Closed);
        var closed = await Conversations.CountsAsync(team.WorkspaceId, team.AgentA);
        var inClosedView = await Inbox.ListConversationsAsync(team.WorkspaceId, team.AgentA, new ContactQuery { View = ConversationView.Closed });
        var error = await Assert.ThrowsAsync<UserInputException>(() =>
            Conversations.SetStatusAsync(team.WorkspaceId, team.AgentA, contact.Id, ConversationStatus.Snoozed, DateTimeOffset.UtcNow.AddMinutes(-1)));
        await Conversations.SetStatusAsync(team.WorkspaceId, team.AgentA, contact.Id, ConversationStatus.Snoozed, DateTimeOffset.UtcNow.AddHours(1));
        var snoozed = await Conversations.CountsAsync(team.WorkspaceId, team.AgentA);
        await Conversations.SetStatusAsync(team.WorkspaceId, team.AgentA, contact.Id, ConversationStatus.Open);
        var reopened = await team.ReloadAsync(contact.Id);

        Assert.Equal((0, 1, 0), (closed.Open, closed.Closed, closed.Unassigned));
        Assert.Equal(contact.Id, Assert.Single(inClosedView.Items).Id);
        Assert.Contains("future", error.Message);
        Assert.Equal((0, 1, 0), (snoozed.Open, snoozed.Snoozed, snoozed.Closed));
        Assert.Equal((ConversationStatus.Open, null), (reopened.Status, reopened.SnoozedUntil));
        Assert.NotNull(reopened.WaitingSince);
    }

    [Fact]
    public async Task InboundText_ReopensClosedConversation_ForItsAssignee()
    {
        var team = await ConversationTeam.CreateAsync(app);
        await app.SendAsync(team.Endpoint, "reopen-1", "My order is late", from: "+15557770001");
        await app.WaitUntilProcessedAsync(team.Endpoint, 1);
        var contactId = Assert.Single((await Inbox.ListConversationsAsync(team.WorkspaceId, team.Owner, new ContactQuery { View = ConversationView.Unassigned })).Items).Id;
        await Conversations.AssignAsync(team.WorkspaceId, team.Owner, contactId, team.AgentB.UserId);
        await Conversations.SetStatusAsync(team.WorkspaceId, team.AgentB, contactId, ConversationStatus.Closed);

        await app.SendAsync(team.Endpoint, "reopen-2", "Still waiting!", from: "+1 555 777 0001");
        await app.WaitUntilProcessedAsync(team.Endpoint, 2);

        var contact = await team.ReloadAsync(contactId);
        var mine = await Inbox.ListConversationsAsync(team.WorkspaceId, team.AgentB, new ContactQuery { View = ConversationView.Mine });
        Assert.Equal((ConversationStatus.Open, team.AgentB.UserId), (contact.Status, contact.AssigneeId));
        Assert.Equal(contactId, Assert.Single(mine.Items).Id);
        Assert.Equal(1, (await Conversations.CountsAsync(team.WorkspaceId, team.AgentB)).Mine);
    }

    [Fact]
    public async Task SnoozedConversation_OpensWhenItsTimeComes()
    {
        await using var clocked = new TestApp(clock: InboxTestData.T0);
        var team = await ConversationTeam.CreateAsync(clocked);
        var contact = (await team.WaitingAsync(1))[0];
        var conversations = clocked.Services.GetRequiredService<ConversationService>();
        await conversations.SetStatusAsync(team.WorkspaceId, team.AgentA, contact.Id, ConversationStatus.Snoozed, InboxTestData.T0.AddHours(1));
        var assigner = clocked.Services.GetRequiredService<AutoAssigner>();

        await assigner.WakeSnoozedAsync();
        var early = await team.ReloadAsync(contact.Id);
        clocked.Time.Advance(TimeSpan.FromHours(2));
        await assigner.WakeSnoozedAsync();
        var due = await team.ReloadAsync(contact.Id);

        Assert.Equal(ConversationStatus.Snoozed, early.Status);
        Assert.Equal(ConversationStatus.Open, due.Status);
        Assert.Equal(InboxTestData.T0.AddHours(2), due.WaitingSince);
    }

    [Fact]
    public async Task AssignAsync_SomeoneOutsideTheTeam_Refused()
    {
        var team = await ConversationTeam.CreateAsync(app);
        var other = await ConversationTeam.CreateAsync(app);
        var contact = (await team.WaitingAsync(1))[0];

        var error = await Assert.ThrowsAsync<UserInputException>(() => Conversations.AssignAsync(team.WorkspaceId, team.Owner, contact.Id, other.AgentA.UserId));
        var stranger = await Assert.ThrowsAsync<UserInputException>(() => Conversations.AssignAsync(other.WorkspaceId, other.Owner, contact.Id, other.AgentA.UserId));

        Assert.Contains("not a member", error.Message);
        Assert.Contains("not found", stranger.Message);
        Assert.Null((await team.ReloadAsync(contact.Id)).AssigneeId);
    }
}
