using Microsoft.EntityFrameworkCore;
using SmsPortal.Contacts;
using SmsPortal.Data;
using SmsPortal.Processing;
using SmsPortal.RuleSets;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Data;

/// <summary>
/// The processing commit writes a batch's added rows with multi-row INSERTs instead of SaveChanges: each row once,
/// with every column EF would have written, put back as added when the transaction rolls back (so a retry writes
/// them), and a refused row reported as SaveChanges reports it. Rule hit counts are increments in SQL, so two
/// commits that count the same rule at once both count.
/// </summary>
public sealed class AddedRowsTests
{
    private static readonly AddedRows Contacts = AddedRows.Of<Contact>();
    private static readonly AddedRows Executions = AddedRows.Of<ActionExecution>();

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task RolledBackThenCommitted_EachRowStoredOnceWithItsValues(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(database.DataDirectory, database.Settings());
        var endpoint = await app.CreateEndpointAsync();
        var at = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        await using var db = app.CreateDbContext();
        var contacts = Enumerable.Range(0, 3).Select(i => new Contact
        {
            WorkspaceId = endpoint.WorkspaceId, Number = $"+1555000{i:D4}", CreatedAt = at, LastMessageAt = at,
            Status = i == 2 ? ConversationStatus.Closed : ConversationStatus.Open, Name = i == 0 ? "Ana" : null,
        }).ToList();
        db.Contacts.AddRange(contacts);
        // More rows than one statement takes, so the chunks of several sizes all run.
        db.ActionExecutions.AddRange(Enumerable.Range(0, 300).Select(i => Execution(endpoint.WorkspaceId, $"msg_{i}", at)));

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using var contactRows = Contacts.Take(db);
            await using var executionRows = Executions.Take(db);
            await contactRows.ExecuteAsync(CancellationToken.None);
            await executionRows.ExecuteAsync(CancellationToken.None);
            Assert.Equal(EntityState.Unchanged, db.Entry(contacts[0]).State);
            await transaction.RollbackAsync();
            contactRows.Restore();
            executionRows.Restore();
        }
        Assert.All(contacts, c => Assert.Equal(EntityState.Added, db.Entry(c).State));
        Assert.Equal(300, db.ChangeTracker.Entries<ActionExecution>().Count(e => e.State == EntityState.Added));

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using var contactRows = Contacts.Take(db);
            await using var executionRows = Executions.Take(db);
            await contactRows.ExecuteAsync(CancellationToken.None);
            await executionRows.ExecuteAsync(CancellationToken.None);
            await transaction.CommitAsync();
        }

        // Contacts keep their own key and stay tracked; execution rows (keys made by the database) are let go.
        Assert.All(contacts, c => Assert.Equal(EntityState.Unchanged, db.Entry(c).State));
        Assert.Empty(db.ChangeTracker.Entries<ActionExecution>());
        Assert.Equal(0, await db.SaveChangesAsync());
        await using var read = app.CreateDbContext();
        var stored = await read.Contacts.AsNoTracking().Where(c => c.WorkspaceId == endpoint.WorkspaceId).OrderBy(c => c.Number).ToListAsync();
        Assert.Equal(contacts.Select(c => (c.Id, c.Number, c.Name, c.Status, c.CreatedAt)), stored.Select(c => (c.Id, c.Number, c.Name, c.Status, c.CreatedAt)));
        var executions = await read.ActionExecutions.AsNoTracking().Where(e => e.WorkspaceId == endpoint.WorkspaceId).ToListAsync();
        Assert.Equal(300, executions.Count);
        Assert.Equal(300, executions.Select(e => e.MessageId).Distinct().Count());
        Assert.All(executions, e => Assert.Equal((ActionOutcome.Skipped, "quiet hours", at), (e.Outcome, e.Detail, e.At)));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task ARefusedRow_ReportedAsAnUpdateError_RowsAddedAgain(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(database.DataDirectory, database.Settings());
        var endpoint = await app.CreateEndpointAsync();
        var at = DateTimeOffset.UtcNow;
        await using (var first = app.CreateDbContext())
        {
            first.ActionExecutions.Add(Execution(endpoint.WorkspaceId, "msg_dup", at));
            await first.SaveChangesAsync();
        }
        await using var db = app.CreateDbContext();
        db.ActionExecutions.AddRange(Execution(endpoint.WorkspaceId, "msg_new", at), Execution(endpoint.WorkspaceId, "msg_dup", at));

        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var rows = Executions.Take(db);
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => rows.ExecuteAsync(CancellationToken.None));
        await transaction.RollbackAsync();
        rows.Restore();

        Assert.True(DbErrors.IsUniqueViolation(error), error.ToString());
        Assert.False(DbErrors.IsTransient(error));
        Assert.Equal(2, db.ChangeTracker.Entries<ActionExecution>().Count(e => e.State == EntityState.Added));
        await using var read = app.CreateDbContext();
        Assert.Equal(1, await read.ActionExecutions.CountAsync(e => e.WorkspaceId == endpoint.WorkspaceId));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task RuleHits_TwoCommitsAtOnce_BothCounted(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(database.DataDirectory, database.Settings());
        var endpoint = await app.CreateEndpointAsync();
        var at = DateTimeOffset.UtcNow;
        await using (var db = app.CreateDbContext())
        {
            db.Rules.Add(new RuleRecord { WorkspaceId = endpoint.WorkspaceId, Id = "price", Name = "Price", DefinitionJson = "{}", HitCount = 5, UpdatedAt = at });
            await db.SaveChangesAsync();
        }
        var first = new ProcessedBatch();
        first.RuleHits[(endpoint.WorkspaceId, "price")] = 2;
        var second = new ProcessedBatch();
        second.RuleHits[(endpoint.WorkspaceId, "price")] = 3;

        // The first commit holds the row; the second is issued before the first commits and waits for it.
        await using var one = app.CreateDbContext();
        await using var oneTransaction = await one.Database.BeginTransactionAsync();
        await first.ApplyRuleHitsAsync(one, at, CancellationToken.None);
        var other = Task.Run(async () =>
        {
            await using var two = app.CreateDbContext();
            await using var twoTransaction = await two.Database.BeginTransactionAsync();
            await second.ApplyRuleHitsAsync(two, at.AddSeconds(1), CancellationToken.None);
            await twoTransaction.CommitAsync();
        });
        await Task.Delay(300);
        await oneTransaction.CommitAsync();
        await other;

        await using var read = app.CreateDbContext();
        var rule = await read.Rules.AsNoTracking().SingleAsync(r => r.WorkspaceId == endpoint.WorkspaceId && r.Id == "price");
        Assert.Equal(10, rule.HitCount);
        Assert.Equal(at.AddSeconds(1).ToUnixTimeMilliseconds(), rule.LastFiredAt!.Value.ToUnixTimeMilliseconds());
    }

    private static ActionExecution Execution(Guid workspaceId, string messageId, DateTimeOffset at) => new()
    {
        WorkspaceId = workspaceId, MessageId = messageId, RuleId = "price", RuleName = "Price", ActionIndex = 0,
        Action = "Reply", Outcome = ActionOutcome.Skipped, Detail = "quiet hours", At = at,
    };
}
