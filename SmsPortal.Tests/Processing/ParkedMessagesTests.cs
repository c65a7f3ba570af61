using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.Messages;
using SmsPortal.Processing;
using SmsPortal.Rules.Model;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Webhooks;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.Processing;

/// <summary>
/// Messages parked after their last attempt, on the real app and its SQLite file: listed per workspace with the
/// reason, retried (attempts reset, processed with all effects once the cause is fixed) or discarded, audited, and
/// refused to an Agent by the database's role.
/// </summary>
public sealed class ParkedMessagesTests : IAsyncLifetime
{
    private readonly TestApp _app = new(settings: new() { ["Processing:MaxAttempts"] = "1" });
    private TestEndpoint _endpoint = null!;

    private ParkedMessages Parked => _app.Services.GetRequiredService<ParkedMessages>();

    public async Task InitializeAsync()
    {
        _endpoint = await _app.CreateEndpointAsync();
        await _app.AddRuleAsync(_endpoint, Rule("seen", [], new AddTagAction("seen")));
        await ParkedMessageSetup.AddPoisonRuleAsync(_app, _endpoint);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task List_ParkedMessage_WithReasonAttemptsAndTime_OnlyInItsWorkspace()
    {
        var other = await _app.CreateEndpointAsync();

        var parked = await ParkedMessageSetup.ParkAsync(_app, _endpoint, "p-1", "+15550000001");

        Assert.Equal(1, parked.Attempts);
        Assert.Contains("too long", parked.Reason);
        Assert.Equal("poison pill", parked.Text);
        Assert.True(parked.StoredAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(1, await Parked.CountAsync(_endpoint.WorkspaceId));
        Assert.Empty((await Parked.ListAsync(other.WorkspaceId, 0, 50)).Items);
        Assert.Equal(0, await Parked.CountAsync(other.WorkspaceId));
    }

    [Fact]
    public async Task Retry_CauseFixed_ProcessedWithItsEffectsAttemptsResetAndAudited()
    {
        var parked = await ParkedMessageSetup.ParkAsync(_app, _endpoint, "p-1", "+15550000001");
        await ParkedMessageSetup.FixPoisonAsync(_app);
        var admin = await _app.MemberAsync(_endpoint.WorkspaceId);

        await Parked.RetryAsync(_endpoint.WorkspaceId, admin, parked.Id);

        await _app.WaitUntilProcessedAsync(_endpoint, 1);
        await using var check = _app.CreateDbContext();
        var message = await check.InboundMessages.SingleAsync(m => m.Id == parked.Id);
        Assert.Equal(ProcessingStatus.Processed, message.Status);
        Assert.Equal(0, message.Attempts);
        Assert.Equal(1, await check.ContactTags.CountAsync(t => t.Tag == "seen"));
        Assert.Equal(1, await check.Notifications.CountAsync(n => n.WorkspaceId == _endpoint.WorkspaceId));
        var audit = await check.AuditLog.SingleAsync(a => a.WorkspaceId == _endpoint.WorkspaceId && a.Action == ParkedAuditActions.Retried);
        Assert.Equal($"message:{parked.Id}", audit.Target);
        Assert.Equal(admin.Name, audit.Actor);
        Assert.Contains("too long", audit.Detail);
        Assert.Empty((await Parked.ListAsync(_endpoint.WorkspaceId, 0, 50)).Items);
    }

    [Fact]
    public async Task Discard_NeverProcessedStaysStoredAndAudited_GatewayRepeatDoesNotBringItBack()
    {
        var parked = await ParkedMessageSetup.ParkAsync(_app, _endpoint, "p-1", "+15550000001");
        var admin = await _app.MemberAsync(_endpoint.WorkspaceId);

        await Parked.DiscardAsync(_endpoint.WorkspaceId, admin, parked.Id);
        await _app.SendAsync(_endpoint, "p-1", "poison pill", "+15550000001");

        await using var check = _app.CreateDbContext();
        var message = await check.InboundMessages.SingleAsync(m => m.WorkspaceId == _endpoint.WorkspaceId);
        Assert.Equal(ProcessingStatus.Discarded, message.Status);
        Assert.Equal(0, await check.ContactTags.CountAsync(t => t.Tag == "seen"));
        Assert.True(await check.AuditLog.AnyAsync(a => a.WorkspaceId == _endpoint.WorkspaceId && a.Action == ParkedAuditActions.Discarded && a.Target == $"message:{parked.Id}"));
        Assert.Empty((await Parked.ListAsync(_endpoint.WorkspaceId, 0, 50)).Items);
        var again = await Assert.ThrowsAsync<UserInputException>(() => Parked.RetryAsync(_endpoint.WorkspaceId, admin, parked.Id));
        Assert.Contains("no longer parked", again.Message);
    }

    [Fact]
    public async Task RetryOrDiscard_AgentOrOtherWorkspace_RefusedAndNothingChanges()
    {
        var parked = await ParkedMessageSetup.ParkAsync(_app, _endpoint, "p-1", "+15550000001");
        var agent = await _app.MemberAsync(_endpoint.WorkspaceId, role: WorkspaceRole.Agent);
        var other = await _app.CreateEndpointAsync();
        var outsider = await _app.MemberAsync(other.WorkspaceId);

        var refused = await Assert.ThrowsAsync<UserInputException>(() => Parked.RetryAsync(_endpoint.WorkspaceId, agent, parked.Id));
        Assert.Contains("Owner or Admin", refused.Message);
        await Assert.ThrowsAsync<UserInputException>(() => Parked.DiscardAsync(_endpoint.WorkspaceId, agent, parked.Id));
        await Assert.ThrowsAsync<UserInputException>(() => Parked.DiscardAsync(_endpoint.WorkspaceId, outsider, parked.Id));
        await Assert.ThrowsAsync<UserInputException>(() => Parked.DiscardAsync(other.WorkspaceId, outsider, parked.Id));

        await using var check = _app.CreateDbContext();
        Assert.Equal(ProcessingStatus.Failed, (await check.InboundMessages.SingleAsync(m => m.Id == parked.Id)).Status);
        Assert.False(await check.AuditLog.AnyAsync(a => a.Action.StartsWith("message.parked")));
    }

    [Fact]
    public async Task DeliveryLogDetail_ParkedMessage_CarriesItsStateAndReason()
    {
        var parked = await ParkedMessageSetup.ParkAsync(_app, _endpoint, "p-1", "+15550000001");
        var queries = _app.Services.GetRequiredService<DeliveryLogQueries>();

        var row = Assert.Single((await queries.ListAsync(_endpoint.WorkspaceId, new DeliveryLogFilter(), 0, 10)).Items, r => r.MessageId == parked.Id);
        var detail = await queries.FindAsync(_endpoint.WorkspaceId, row.Id);

        Assert.Equal(ProcessingStatus.Failed, detail!.Processing);
        Assert.Contains("too long", detail.ProcessingError);
    }
}

/// <summary>A message parked for a cause that can be fixed, as the parked-message tests need it.</summary>
internal static class ParkedMessageSetup
{
    /// <summary>"poison …" notifies a team whose name is too long for its column, so its effects cannot commit.</summary>
    public static async Task AddPoisonRuleAsync(TestApp app, TestEndpoint endpoint)
    {
        await app.AddRuleAsync(endpoint, Rule("poison", [FirstWord("poison")], new NotifyTeamAction(Team: new string('t', 120))));
        await using var db = app.CreateDbContext();
        // The column holds 100 characters; SQLite needs a trigger to refuse the longer row as the other providers do.
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TRIGGER team_length BEFORE INSERT ON Notifications WHEN length(NEW.Team) > 100
            BEGIN SELECT RAISE(ABORT, 'value too long for Team (100 characters)'); END
            """);
    }

    /// <summary>The cause fixed: the column takes the long name from now on.</summary>
    public static async Task FixPoisonAsync(TestApp app)
    {
        await using var db = app.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER team_length");
    }

    public static async Task<ParkedMessage> ParkAsync(TestApp app, TestEndpoint endpoint, string id, string from)
    {
        await app.SendAsync(endpoint, id, "poison pill", from);
        var parked = app.Services.GetRequiredService<ParkedMessages>();
        ParkedMessage? found = null;
        await Eventually.TrueAsync(async () =>
        {
            found = (await parked.ListAsync(endpoint.WorkspaceId, 0, 50)).Items.FirstOrDefault(m => m.From == from && m.Parked);
            return found is not null;
        }, "the message is parked", 30);
        return found!;
    }
}
