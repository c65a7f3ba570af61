using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Messages;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Data;

/// <summary>
/// The processing commit writes a batch's changed messages with prepared UPDATEs instead of SaveChanges (on SQLite
/// one multi-row <c>UPDATE … FROM VALUES</c> per set of changed columns): every changed column stored as SaveChanges
/// stores it, nothing else touched, and a row whose lease another node took is refused as SaveChanges refuses it
/// (the whole write fails), with the rows marked changed again for the retry.
/// </summary>
public sealed class ModifiedRowsTests
{
    private static readonly ModifiedRows Messages = ModifiedRows.Of<InboundMessage>();

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task ChangedColumnsStored_ALeaseTakenOverRefusesTheWrite_RowsChangedAgain(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(database.DataDirectory, database.Settings());
        var endpoint = await app.CreateEndpointAsync();
        var at = new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.FromHours(2));
        await using (var seed = app.CreateDbContext())
        {
            seed.InboundMessages.AddRange(Enumerable.Range(0, 300).Select(i => new InboundMessage
            {
                Id = $"msg_test_{i:D4}", WorkspaceId = endpoint.WorkspaceId, EndpointId = endpoint.Id, ExternalId = $"ext-{i}",
                From = $"+1555000{i:D4}", Text = $"hello {i}", ReceivedAt = at, StoredAt = at, RawPayload = "{}",
                LeaseOwner = "node-a", LeaseExpiresAt = at.AddMinutes(5),
            }));
            await seed.SaveChangesAsync();
        }

        await using var db = app.CreateDbContext();
        var messages = await db.InboundMessages.Where(m => m.WorkspaceId == endpoint.WorkspaceId).OrderBy(m => m.Id).ToListAsync();
        foreach (var (message, i) in messages.Select((m, i) => (m, i)))
        {
            // Two sets of changed columns (processed, or failed with an error), as a batch has.
            message.Status = i % 3 == 0 ? ProcessingStatus.Failed : ProcessingStatus.Processed;
            message.LastError = i % 3 == 0 ? $"error {i}" : message.LastError;
            message.ProcessedAt = i % 3 == 0 ? null : at.AddSeconds(i);
            message.LeaseOwner = null;
            message.LeaseExpiresAt = null;
        }
        db.ChangeTracker.DetectChanges();
        // Another node took one message over after this one read it.
        await using (var other = app.CreateDbContext())
        {
            await other.InboundMessages.Where(m => m.Id == "msg_test_0150").ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, "node-b"));
        }

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using var rows = Messages.Take(db);
            Assert.Equal(300, rows.Count);
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => rows.ExecuteAsync(db, CancellationToken.None));
            await transaction.RollbackAsync();
            rows.Restore();
        }
        Assert.All(messages, m => Assert.Equal(EntityState.Modified, db.Entry(m).State));
        Assert.Equal(ProcessingStatus.Failed, messages[0].Status);
        await using (var read = app.CreateDbContext())
        {
            Assert.Equal(300, await read.InboundMessages.CountAsync(m => m.WorkspaceId == endpoint.WorkspaceId && m.Status == ProcessingStatus.Pending));
        }

        // Without the taken message the rest commits, each with its own values.
        db.Entry(messages[150]).State = EntityState.Unchanged;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using var rows = Messages.Take(db);
            Assert.Equal(299, rows.Count);
            await rows.ExecuteAsync(db, CancellationToken.None);
            await transaction.CommitAsync();
        }
        // Written and accepted: the entities keep their new values, and SaveChanges has nothing left to write.
        Assert.Equal((ProcessingStatus.Failed, "error 0"), (messages[0].Status, messages[0].LastError));
        Assert.Equal(0, await db.SaveChangesAsync());
        await using (var read = app.CreateDbContext())
        {
            var stored = await read.InboundMessages.AsNoTracking().Where(m => m.WorkspaceId == endpoint.WorkspaceId).OrderBy(m => m.Id).ToListAsync();
            var expected = messages.Select((m, i) => i == 150
                ? (m.Id, ProcessingStatus.Pending, (string?)null, (DateTimeOffset?)null, (string?)"node-b", "hello 150")
                : (m.Id, m.Status, m.LastError, m.ProcessedAt, (string?)null, $"hello {i}"));
            Assert.Equal(expected, stored.Select(m => (m.Id, m.Status, m.LastError, m.ProcessedAt, m.LeaseOwner, m.Text)));
        }
    }
}
