using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Messages;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Work;

/// <summary>A batch whose commit fails is narrowed down to the message at fault; the rest of the batch goes on.</summary>
public sealed class PoisonIsolationTests
{
    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task BatchOf200_OneMessageWhoseEffectsCannotCommit_ParkedWithReasonOthersProcessed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        TestEndpoint endpoint;
        await using (var first = new TestApp(database.DataDirectory, database.Settings()))
        {
            endpoint = await first.CreateEndpointAsync();
            var rules = first.Services.GetRequiredService<RuleService>();
            await rules.SaveAsync(endpoint.WorkspaceId, Rule("seen", [], new AddTagAction("seen")), SmsPortal.Audit.Actor.Cli());
            // Notification.Team holds 100 characters: PostgreSQL (and SQL Server) refuse the row at commit.
            await rules.SaveAsync(endpoint.WorkspaceId, Rule("poison", [FirstWord("poison")], new NotifyTeamAction(Team: new string('t', 120))), SmsPortal.Audit.Actor.Cli());
        }

        // 200 pending messages waiting together when the app starts: they are claimed as one batch.
        await using (var db = database.CreateContext(database.DataDirectory))
        {
            if (provider == "Sqlite")
            {
                // SQLite does not enforce column lengths; this trigger refuses the row as the other providers do.
                await db.Database.ExecuteSqlRawAsync("""
                    CREATE TRIGGER team_length BEFORE INSERT ON Notifications WHEN length(NEW.Team) > 100
                    BEGIN SELECT RAISE(ABORT, 'value too long for Team (100 characters)'); END
                    """);
            }
            for (var i = 0; i < 200; i++)
            {
                db.InboundMessages.Add(Pending(endpoint, i, i == 137 ? "poison pill" : $"hello {i}"));
            }
            await db.SaveChangesAsync();
        }

        await using var second = new TestApp(database.DataDirectory, database.Settings(new() { ["Processing:MaxAttempts"] = "1" }));
        second.StartServer();
        await Eventually.TrueAsync(async () =>
        {
            await using var db = second.CreateDbContext();
            return await db.InboundMessages.CountAsync(m => m.Status != ProcessingStatus.Pending) == 200;
        }, "every message of the batch is settled", 60);

        await using var check = second.CreateDbContext();
        var parked = await check.InboundMessages.SingleAsync(m => m.Status == ProcessingStatus.Failed);
        Assert.Equal("poison-137", parked.ExternalId);
        Assert.Contains("too long", parked.LastError);
        Assert.Null(parked.LeaseOwner);
        Assert.Equal(199, await check.InboundMessages.CountAsync(m => m.Status == ProcessingStatus.Processed));
        Assert.Equal(199, await check.ContactTags.CountAsync(t => t.Tag == "seen"));
    }

    private static InboundMessage Pending(TestEndpoint endpoint, int i, string text) => new()
    {
        Id = OpaqueId.NewMessageId(TimeProvider.System),
        WorkspaceId = endpoint.WorkspaceId,
        EndpointId = endpoint.Id,
        ExternalId = $"poison-{i}",
        From = $"+1555{i:D7}",
        Text = text,
        RawPayload = "{}",
        ReceivedAt = DateTimeOffset.UtcNow,
        StoredAt = DateTimeOffset.UtcNow,
    };
}
