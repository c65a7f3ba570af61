using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Contacts;
using SmsPortal.Inbox;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Inbox;

/// <summary>Internal notes stay in the portal: the fake gateway on loopback sees the reply and never the note.</summary>
public sealed class NotePrivacyTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartWithGatewayAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Note_ShownInThreadWithAuthor_NeverReachesTheGateway()
    {
        var team = await ConversationTeam.CreateAsync(_app);
        await _app.SendAsync(team.Endpoint, "note-1", "Where is my parcel?", from: "+15558880001");
        await _app.WaitUntilProcessedAsync(team.Endpoint, 1);
        var inbox = _app.Services.GetRequiredService<InboxService>();
        var contactId = Assert.Single((await inbox.ListConversationsAsync(team.WorkspaceId, team.Owner, new ContactQuery())).Items).Id;

        var note = await _app.Services.GetRequiredService<ConversationService>()
            .AddNoteAsync(team.WorkspaceId, team.AgentA, contactId, "PRIVATE: customer was rude last week");
        await _app.Services.GetRequiredService<OutboundService>().SendAsync(team.WorkspaceId, team.AgentA, contactId, "It ships today.");
        await _app.Gateway.WaitForAsync(g => g.Accepted.Count == 1, "the reply reaches the gateway");
        // Give a wrongly queued note every chance to be sent too.
        await Task.Delay(1500);

        var thread = await inbox.GetThreadAsync(team.WorkspaceId, team.AgentB, contactId);
        Assert.Equal([MessageDirection.Inbound, MessageDirection.Note, MessageDirection.Outbound], thread.Messages.Select(m => m.Direction));
        Assert.Equal(("Agent A", note.Id), (thread.Messages[1].SentBy, thread.Messages[1].Id));
        Assert.Single(_app.Gateway.Requests);
        Assert.DoesNotContain(_app.Gateway.Requests, r => r.Body.Contains("PRIVATE", StringComparison.Ordinal));
        Assert.Contains("It ships today.", _app.Gateway.Requests.Single().Body);
        await using var db = _app.CreateDbContext();
        Assert.False(await db.OutboundMessages.AnyAsync(m => m.Text.Contains("PRIVATE")));
    }
}
