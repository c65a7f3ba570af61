using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Outbound;
using SmsPortal.Tests.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Outbound;

/// <summary>A reply written in the inbox carries the id it was given when writing began (its draft keeps it).</summary>
public sealed class ManualReplyTests : IAsyncLifetime
{
    private readonly PortalAppFactory _app = new();

    private OutboundService Outbound => _app.Services.GetRequiredService<OutboundService>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SendAsync_SameMessageIdTwice_QueuedOnce()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var contact = await new InboxTestData(_app, endpoint).ContactAsync("+15550102030");
        var id = Outbound.NewMessageId();

        var first = await Outbound.SendAsync(endpoint.WorkspaceId, Actor.Cli(), contact.Id, "See you at 5", messageId: id);
        var again = await Outbound.SendAsync(endpoint.WorkspaceId, Actor.Cli(), contact.Id, "See you at 5", messageId: id);

        Assert.Equal(id, first.Id);
        Assert.Equal(id, again.Id);
        await using var db = _app.CreateDbContext();
        Assert.Equal(1, await db.OutboundMessages.CountAsync(m => m.ContactId == contact.Id));
    }

    [Fact]
    public async Task SendAsync_WithoutMessageId_EachSendIsANewMessage()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var contact = await new InboxTestData(_app, endpoint).ContactAsync("+15550102031");

        await Outbound.SendAsync(endpoint.WorkspaceId, Actor.Cli(), contact.Id, "One");
        await Outbound.SendAsync(endpoint.WorkspaceId, Actor.Cli(), contact.Id, "Two");

        await using var db = _app.CreateDbContext();
        Assert.Equal(2, await db.OutboundMessages.CountAsync(m => m.ContactId == contact.Id));
    }
}
