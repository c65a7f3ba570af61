using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Data;
using SmsPortal.Tests.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Data;

/// <summary>
/// Every writer of the process queues at one gate on SQLite, including a set-based update that commits on its own
/// (a lease claim): it waits for the writer ahead of it instead of meeting it at SQLite's lock and sleeping in the
/// busy handler.
/// </summary>
public sealed class SqliteWriteGateTests
{
    [Fact]
    public async Task ExecuteUpdate_OutsideATransaction_WaitsForTheWriterAheadThenRuns()
    {
        await using var app = new TestApp();
        var data = new InboxTestData(app, await app.CreateEndpointAsync());
        var contact = await data.ContactAsync("+15551230002");
        var gate = app.Services.GetRequiredService<SqliteWriteGate>();

        Task<int> update;
        await using var db = app.CreateDbContext();
        using (await SqliteWriteGate.TakeTurnAsync(gate, "test"))
        {
            update = db.Contacts.Where(c => c.Id == contact.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "Ada"));
            // The turn holds no SQLite lock of its own, so without the gate the update would be done by now.
            Assert.NotSame(update, await Task.WhenAny(update, Task.Delay(TimeSpan.FromMilliseconds(500))));
            Assert.Null((await ReadAsync(app, contact.Id)).Name);
        }

        Assert.Equal(1, await update);
        Assert.Equal("Ada", (await ReadAsync(app, contact.Id)).Name);
    }

    [Fact]
    public async Task ExecuteUpdate_InsideATransaction_IsTheTransactionsOwnWrite()
    {
        await using var app = new TestApp();
        var data = new InboxTestData(app, await app.CreateEndpointAsync());
        var contact = await data.ContactAsync("+15551230003");
        var gate = app.Services.GetRequiredService<SqliteWriteGate>();

        // The group commit's shape: a turn, then a transaction whose statements must not wait for the turn they are in.
        using (await SqliteWriteGate.TakeTurnAsync(gate, "test"))
        {
            await using var db = app.CreateDbContext();
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(1, await db.Contacts.Where(c => c.Id == contact.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "Grace")));
            await transaction.CommitAsync();
        }

        Assert.Equal("Grace", (await ReadAsync(app, contact.Id)).Name);
    }

    [Fact]
    public async Task ManyWritersAtOnce_SaveChangesAndSetBasedUpdates_AllCommit()
    {
        await using var app = new TestApp();
        var data = new InboxTestData(app, await app.CreateEndpointAsync());
        var contacts = await data.ContactsAsync(40);

        var writes = contacts.Select(async (contact, i) =>
        {
            await using var db = app.CreateDbContext();
            if (i % 2 == 0)
            {
                await db.Contacts.Where(c => c.Id == contact.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, $"set {i}"));
            }
            else
            {
                var tracked = await db.Contacts.SingleAsync(c => c.Id == contact.Id);
                tracked.Name = $"saved {i}";
                await db.SaveChangesAsync();
            }
        });
        await Task.WhenAll(writes);

        await using var check = app.CreateDbContext();
        var names = await check.Contacts.Where(c => c.WorkspaceId == data.WorkspaceId).Select(c => c.Name).ToListAsync();
        Assert.Equal(40, names.Count(n => n != null && (n.StartsWith("set ") || n.StartsWith("saved "))));
    }

    private static async Task<SmsPortal.Contacts.Contact> ReadAsync(TestApp app, Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == id);
    }
}
