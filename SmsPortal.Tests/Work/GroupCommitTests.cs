using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Work;

namespace SmsPortal.Tests.Work;

/// <summary>Pieces of work that arrive together commit together; one that fails is rolled back alone.</summary>
public sealed class GroupCommitTests
{
    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task ConcurrentPieces_OneThrows_OthersCommitAndItsCallerGetsTheError(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var app = new TestApp(database.DataDirectory, database.Settings());
        var commits = app.Services.GetRequiredService<GroupCommit>();
        var workspace = Guid.NewGuid();

        var pieces = Enumerable.Range(0, 40).Select(i => commits.RunAsync(async db =>
        {
            db.AuditLog.Add(new AuditEntry { WorkspaceId = workspace, At = DateTimeOffset.UtcNow, Actor = "test", Action = "piece", Target = $"piece-{i}" });
            await db.SaveChangesAsync();
            if (i == 13)
            {
                throw new InvalidOperationException("piece 13 fails after its write");
            }
            return i;
        })).ToList();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => pieces[13]);
        Assert.Equal("piece 13 fails after its write", failure.Message);
        var results = await Task.WhenAll(pieces.Where((_, i) => i != 13));
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i != 13), results.Order());

        await using var check = app.CreateDbContext();
        var stored = await check.AuditLog.Where(a => a.WorkspaceId == workspace).Select(a => a.Target).ToListAsync();
        Assert.Equal(39, stored.Count);
        Assert.DoesNotContain("piece-13", stored);
    }
}
