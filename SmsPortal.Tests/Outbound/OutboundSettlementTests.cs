using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.EventWebhooks;
using SmsPortal.Outbound;
using SmsPortal.Tests.Inbox;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Work;

namespace SmsPortal.Tests.Outbound;

/// <summary>
/// A send's result is stored only while its claim holds the lease, and never moves a status backwards: a delivery
/// report that arrived (by our id) while the send was in flight stays, and raises no second event. The workspace
/// subscribes to the status events, so the events raised stay in the table for the test to read.
/// </summary>
public sealed class OutboundSettlementTests : IAsyncLifetime
{
    private const string Owner = "node-a#1";

    private EventReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await EventReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Sent_WhileStillSending_StoredReleasedAndOneSentEvent(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(database.DataDirectory, database.Settings());
        var (message, settle) = await SendingAsync(app);

        var stored = await settle.SentAsync(message, "gw-1");

        Assert.Equal(OutboundStatus.Sent, stored);
        var row = await RowAsync(app, message.Id);
        Assert.Equal(OutboundStatus.Sent, row.Status);
        Assert.Equal("gw-1", row.GatewayMessageId);
        Assert.NotNull(row.SentAt);
        Assert.Null(row.LeaseOwner);
        Assert.Null(row.LeaseExpiresAt);
        Assert.Equal([EventTypes.MessageSent], await EventTypesAsync(app, message.WorkspaceId));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Sent_AfterTheDeliveryReportCameFirst_StaysDeliveredKeepsTheGatewayIdAndRaisesNoSentEvent(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(database.DataDirectory, database.Settings());
        var (message, settle) = await SendingAsync(app);
        await using (var db = app.CreateDbContext())
        {
            await db.OutboundMessages.Where(m => m.Id == message.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboundStatus.Delivered).SetProperty(m => m.DeliveredAt, DateTimeOffset.UtcNow));
        }

        var stored = await settle.SentAsync(message, "gw-2");

        Assert.Equal(OutboundStatus.Delivered, stored);
        var row = await RowAsync(app, message.Id);
        Assert.Equal(OutboundStatus.Delivered, row.Status);
        Assert.Equal("gw-2", row.GatewayMessageId);
        Assert.Null(row.LeaseOwner);
        Assert.Empty(await EventTypesAsync(app, message.WorkspaceId));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Failed_WhileStillSending_StoredWithItsReasonInTheEvent(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(database.DataDirectory, database.Settings());
        var (message, settle) = await SendingAsync(app);

        var stored = await settle.FailAsync(message, "The gateway refused the number.");

        Assert.Equal(OutboundStatus.Failed, stored);
        var row = await RowAsync(app, message.Id);
        Assert.Equal("The gateway refused the number.", row.FailureReason);
        Assert.Null(row.NextAttemptAt);
        await using var db = app.CreateDbContext();
        var raised = await db.WorkspaceEvents.SingleAsync(e => e.WorkspaceId == message.WorkspaceId);
        Assert.Equal(EventTypes.MessageFailed, raised.Type);
        Assert.Contains("The gateway refused the number.", raised.Payload);
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Sent_AfterTheLeaseWasTakenOver_NothingStored(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(database.DataDirectory, database.Settings());
        var (message, settle) = await SendingAsync(app);
        await using (var db = app.CreateDbContext())
        {
            await db.OutboundMessages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, "node-b#7"));
        }

        var stored = await settle.SentAsync(message, "gw-3");

        Assert.Null(stored);
        var row = await RowAsync(app, message.Id);
        Assert.Equal(OutboundStatus.Sending, row.Status);
        Assert.Null(row.GatewayMessageId);
        Assert.Equal("node-b#7", row.LeaseOwner);
        Assert.Empty(await EventTypesAsync(app, message.WorkspaceId));
    }

    /// <summary>A reply claimed by <see cref="Owner"/> for an hour, so no worker of the app touches it.</summary>
    private async Task<(OutboundMessage Message, OutboundSettlement Settle)> SendingAsync(TestApp app)
    {
        var endpoint = await app.CreateEndpointAsync();
        await app.Services.GetRequiredService<EventWebhookService>().CreateAsync(endpoint.WorkspaceId, await app.OwnerAsync(endpoint), _receiver.Url,
            [EventTypes.MessageSent, EventTypes.MessageDelivered, EventTypes.MessageFailed], null);
        var data = new InboxTestData(app, endpoint);
        var contact = await data.ContactAsync("+15551230001");
        var queued = await data.OutboundAsync(contact, "Thanks!", InboxTestData.T0, OutboundStatus.Queued);
        await using (var db = app.CreateDbContext())
        {
            await db.OutboundMessages.Where(m => m.Id == queued.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboundStatus.Sending)
                .SetProperty(m => m.Attempts, 1)
                .SetProperty(m => m.LeaseOwner, Owner)
                .SetProperty(m => m.LeaseExpiresAt, DateTimeOffset.UtcNow.AddHours(1)));
            var message = await db.OutboundMessages.AsNoTracking().SingleAsync(m => m.Id == queued.Id);
            return (message, new OutboundSettlement(app.Services.GetRequiredService<GroupCommit>(), Owner, TimeProvider.System));
        }
    }

    private static async Task<OutboundMessage> RowAsync(TestApp app, string id)
    {
        await using var db = app.CreateDbContext();
        return await db.OutboundMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private static async Task<List<string>> EventTypesAsync(TestApp app, Guid workspaceId)
    {
        await using var db = app.CreateDbContext();
        return await db.WorkspaceEvents.Where(e => e.WorkspaceId == workspaceId).Select(e => e.Type).ToListAsync();
    }
}
