using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Messages;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Inbox;
using SmsPortal.Live;
using SmsPortal.Outbound;
using SmsPortal.Processing;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tickets;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.Inbox;

public sealed class InboxServiceTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly DateTimeOffset T0 = InboxTestData.T0;

    private InboxService Service => app.Services.GetRequiredService<InboxService>();

    private async Task<InboxTestData> NewWorkspaceAsync() => new(app, await app.CreateEndpointAsync());

    [Fact]
    public async Task GetThreadAsync_InboundAndOutbound_MergedOldestFirstWithStatus()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001");
        await data.InboundAsync(contact, "hi", T0);
        await data.OutboundAsync(contact, "hello!", T0.AddSeconds(1), OutboundStatus.Delivered, OutboundOrigin.AutoReply);
        await data.InboundAsync(contact, "thanks", T0.AddSeconds(2));
        await data.OutboundAsync(contact, "bye", T0.AddSeconds(3), OutboundStatus.Failed, failureReason: "Gateway said no");

        var thread = await Service.GetThreadAsync(data.WorkspaceId, Actor.Cli(), contact.Id);

        Assert.False(thread.HasOlder);
        Assert.Equal(["hi", "hello!", "thanks", "bye"], thread.Messages.Select(m => m.Text));
        Assert.Equal([MessageDirection.Inbound, MessageDirection.Outbound, MessageDirection.Inbound, MessageDirection.Outbound],
            thread.Messages.Select(m => m.Direction));
        Assert.Equal(OutboundStatus.Delivered, thread.Messages[1].Status);
        Assert.Equal(OutboundOrigin.AutoReply, thread.Messages[1].Origin);
        Assert.Equal("Gateway said no", thread.Messages[3].FailureReason);
    }

    [Fact]
    public async Task GetThreadAsync_Before_PagesBackInTime()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001");
        for (var i = 0; i < 5; i++)
        {
            await data.InboundAsync(contact, $"in {i}", T0.AddMinutes(2 * i));
            await data.OutboundAsync(contact, $"out {i}", T0.AddMinutes(2 * i + 1));
        }

        var newest = await Service.GetThreadAsync(data.WorkspaceId, Actor.Cli(), contact.Id, take: 4);
        var older = await Service.GetThreadAsync(data.WorkspaceId, Actor.Cli(), contact.Id, before: newest.Messages[0].At, take: 4);
        var oldest = await Service.GetThreadAsync(data.WorkspaceId, Actor.Cli(), contact.Id, before: older.Messages[0].At, take: 4);

        Assert.Equal(["in 3", "out 3", "in 4", "out 4"], newest.Messages.Select(m => m.Text));
        Assert.True(newest.HasOlder);
        Assert.Equal(["in 1", "out 1", "in 2", "out 2"], older.Messages.Select(m => m.Text));
        Assert.True(older.HasOlder);
        Assert.Equal(["in 0", "out 0"], oldest.Messages.Select(m => m.Text));
        Assert.False(oldest.HasOlder);
    }

    [Fact]
    public async Task GetThreadAsync_FiredRules_OnTheirInboundMessageWithActions()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001");
        var first = await data.InboundAsync(contact, "STOP", T0);
        var second = await data.InboundAsync(contact, "hello", T0.AddMinutes(1));
        await data.FiredAsync(first, "stop", ("OptOut", ActionOutcome.Done), ("Reply", ActionOutcome.Skipped));
        await data.FiredAsync(first, "tagger", ("AddTag", ActionOutcome.Done));

        var thread = await Service.GetThreadAsync(data.WorkspaceId, Actor.Cli(), contact.Id);

        var rules = thread.Messages.Single(m => m.Id == first.Id).Rules!;
        Assert.Equal(["Rule stop", "Rule tagger"], rules.Select(r => r.RuleName).Order());
        var stop = rules.Single(r => r.RuleId == "stop");
        Assert.Equal([("OptOut", ActionOutcome.Done), ("Reply", ActionOutcome.Skipped)], stop.Actions.Select(a => (a.Action, a.Outcome)));
        Assert.Empty(thread.Messages.Single(m => m.Id == second.Id).Rules!);
    }

    [Fact]
    public async Task GetThreadAsync_OtherWorkspacesContact_Empty()
    {
        var mine = await NewWorkspaceAsync();
        var theirs = await NewWorkspaceAsync();
        var other = await theirs.ContactAsync("+15550000001");
        await theirs.InboundAsync(other, "private", T0);
        await theirs.OutboundAsync(other, "also private", T0.AddSeconds(1));

        var thread = await Service.GetThreadAsync(mine.WorkspaceId, Actor.Cli(), other.Id);

        Assert.Empty(thread.Messages);
    }

    [Fact]
    public async Task MarkReadAsync_Unread_ClearsOnceAndTellsLiveSubscribers()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001", unread: 3);
        var updates = new List<LiveUpdate>();
        using var subscription = app.Services.GetRequiredService<LiveUpdates>().Subscribe(data.WorkspaceId, u =>
        {
            lock (updates)
            {
                updates.Add(u);
            }
            return Task.CompletedTask;
        });

        var first = await Service.MarkReadAsync(data.WorkspaceId, contact.Id);
        var second = await Service.MarkReadAsync(data.WorkspaceId, contact.Id);

        Assert.True(first);
        Assert.False(second);
        await using var db = app.CreateDbContext();
        Assert.Equal(0, (await db.Contacts.SingleAsync(c => c.Id == contact.Id)).UnreadCount);
        await Eventually.TrueAsync(() => Task.FromResult(updates.Any(u => u.Kind == LiveUpdateKind.ContactChanged && u.ContactId == contact.Id)),
            "the change is published");
    }

    [Fact]
    public async Task MarkReadAsync_OtherWorkspacesContact_LeftUnread()
    {
        var mine = await NewWorkspaceAsync();
        var theirs = await NewWorkspaceAsync();
        var other = await theirs.ContactAsync("+15550000001", unread: 2);

        Assert.False(await Service.MarkReadAsync(mine.WorkspaceId, other.Id));

        await using var db = app.CreateDbContext();
        Assert.Equal(2, (await db.Contacts.SingleAsync(c => c.Id == other.Id)).UnreadCount);
    }

    [Fact]
    public async Task SetTicketStatusAsync_CloseThenReopen_StatusFollows()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001");
        var ticket = await data.TicketAsync(contact, "Help");

        await Service.SetTicketStatusAsync(data.WorkspaceId, ticket.Id, TicketStatus.Closed);
        var closed = await TicketStatusAsync(ticket.Id);
        await Service.SetTicketStatusAsync(data.WorkspaceId, ticket.Id, TicketStatus.Open);

        Assert.Equal(TicketStatus.Closed, closed);
        Assert.Equal(TicketStatus.Open, await TicketStatusAsync(ticket.Id));
    }

    [Fact]
    public async Task SetTicketStatusAsync_ReopenWhileAnotherIsOpen_UserInputError()
    {
        var data = await NewWorkspaceAsync();
        var contact = await data.ContactAsync("+15550000001");
        var old = await data.TicketAsync(contact, "Old", TicketStatus.Closed);
        await data.TicketAsync(contact, "Current");

        var error = await Assert.ThrowsAsync<UserInputException>(() => Service.SetTicketStatusAsync(data.WorkspaceId, old.Id, TicketStatus.Open));

        Assert.Contains("already has an open ticket", error.Message);
        Assert.Equal(TicketStatus.Closed, await TicketStatusAsync(old.Id));
    }

    [Fact]
    public async Task SetTicketStatusAsync_OtherWorkspacesTicket_UserInputError()
    {
        var mine = await NewWorkspaceAsync();
        var theirs = await NewWorkspaceAsync();
        var ticket = await theirs.TicketAsync(await theirs.ContactAsync("+15550000001"), "Theirs");

        await Assert.ThrowsAsync<UserInputException>(() => Service.SetTicketStatusAsync(mine.WorkspaceId, ticket.Id, TicketStatus.Closed));

        Assert.Equal(TicketStatus.Open, await TicketStatusAsync(ticket.Id));
    }

    [Fact]
    public async Task ListConversationsAsync_WebhookDelivered_ConversationUnreadWithThread()
    {
        var endpoint = await app.CreateEndpointAsync();
        var response = await app.Client.PostAsync(endpoint, Deliveries.Body("ext-1", "Is the shop open?", "+15557654321"));
        response.EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return await db.InboundMessages.AnyAsync(m => m.WorkspaceId == endpoint.WorkspaceId && m.Status == ProcessingStatus.Processed);
        }, "the message is processed");

        var page = await Service.ListConversationsAsync(endpoint.WorkspaceId, Actor.Cli(), new ContactQuery { UnreadOnly = true });
        var conversation = Assert.Single(page.Items);
        var thread = await Service.GetThreadAsync(endpoint.WorkspaceId, Actor.Cli(), conversation.Id);

        Assert.Equal("+15557654321", conversation.Number);
        Assert.Equal(1, conversation.UnreadCount);
        Assert.Equal("Is the shop open?", conversation.LastMessagePreview);
        Assert.Equal(["Is the shop open?"], thread.Messages.Select(m => m.Text));
    }

    private async Task<TicketStatus> TicketStatusAsync(Guid ticketId)
    {
        await using var db = app.CreateDbContext();
        return (await db.Tickets.SingleAsync(t => t.Id == ticketId)).Status;
    }
}
