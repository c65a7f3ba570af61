using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsPortal.Contacts;
using SmsPortal.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Inbox;

/// <summary>
/// Every 15 s the assignment sweep asks, across all workspaces, which snoozes have run out. That question must seek
/// the snoozed conversations only: answered from the contacts table it read every contact of the installation each
/// time. The test takes the statement the sweep issued and asks SQLite for its plan.
/// </summary>
public sealed class SnoozeWakePlanTests
{
    [Fact]
    public async Task WakeQuery_SeeksOnlyTheSnoozedConversations()
    {
        var logs = new CapturedLogs();
        await using var app = new TestApp(
            settings: new() { ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information" },
            configureServices: services => services.AddSingleton<ILoggerProvider>(logs),
            clock: InboxTestData.T0);
        var team = await ConversationTeam.CreateAsync(app);
        var contact = (await team.WaitingAsync(1))[0];
        await app.Services.GetRequiredService<ConversationService>()
            .SetStatusAsync(team.WorkspaceId, team.AgentA, contact.Id, ConversationStatus.Snoozed, InboxTestData.T0.AddMinutes(5));
        app.Time.Advance(TimeSpan.FromMinutes(10));

        await app.Services.GetRequiredService<AutoAssigner>().WakeSnoozedAsync();

        Assert.Equal(ConversationStatus.Open, (await team.ReloadAsync(contact.Id)).Status);
        var wake = logs.Lines.Select(l => l.Message).LastOrDefault(m => m.Contains("\"c\".\"SnoozedUntil\" <= @now"));
        Assert.NotNull(wake);
        var plan = await SqlitePlan.ExplainAsync(app.DatabasePath, wake);
        Assert.Contains(plan, step => step.Contains("SEARCH c USING INDEX IX_Contacts_Snoozed (SnoozedUntil<?)"));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN c", StringComparison.Ordinal));
    }
}
