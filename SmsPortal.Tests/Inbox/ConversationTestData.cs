using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Contacts;
using SmsPortal.Settings;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Inbox;

/// <summary>A workspace with an Owner, two Agents and open unassigned conversations, for assignment and visibility tests.</summary>
internal sealed record ConversationTeam(TestApp App, TestEndpoint Endpoint, Actor Owner, Actor AgentA, Actor AgentB)
{
    public Guid WorkspaceId => Endpoint.WorkspaceId;

    public static async Task<ConversationTeam> CreateAsync(TestApp app)
    {
        var endpoint = await app.CreateEndpointAsync();
        var owner = await app.OwnerAsync(endpoint);
        var a = await app.MemberAsync(endpoint.WorkspaceId, "Agent A", WorkspaceRole.Agent);
        var b = await app.MemberAsync(endpoint.WorkspaceId, "Agent B", WorkspaceRole.Agent);
        return new ConversationTeam(app, endpoint, owner, a, b);
    }

    public Task SettingsAsync(Action<WorkspaceSettings> change) =>
        App.Services.GetRequiredService<WorkspaceSettingsService>().UpdateAsync(WorkspaceId, change);

    /// <summary>Open, unassigned conversations; conversation i joined the queue at T0 + i minutes.</summary>
    public async Task<List<Contact>> WaitingAsync(int count, string prefix = "+1555010")
    {
        await using var db = App.CreateDbContext();
        var contacts = Enumerable.Range(0, count).Select(i => new Contact
        {
            WorkspaceId = WorkspaceId,
            Number = $"{prefix}{i:D4}",
            CreatedAt = InboxTestData.T0,
            LastMessageAt = InboxTestData.T0.AddMinutes(i),
            WaitingSince = InboxTestData.T0.AddMinutes(i),
            InboundCount = 1,
        }).ToList();
        db.Contacts.AddRange(contacts);
        await db.SaveChangesAsync();
        return contacts;
    }

    public async Task<Contact> ReloadAsync(Guid contactId)
    {
        await using var db = App.CreateDbContext();
        return await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contactId);
    }

    public async Task<string> EmailAsync(Actor member)
    {
        await using var db = App.CreateDbContext();
        return await db.Users.Where(u => u.Id == member.UserId).Select(u => u.Email!).SingleAsync();
    }

    public async Task AwayAsync(Actor member, bool away = true)
    {
        await using var db = App.CreateDbContext();
        await db.WorkspaceMembers.Where(m => m.WorkspaceId == WorkspaceId && m.UserId == member.UserId).ExecuteUpdateAsync(s => s.SetProperty(m => m.IsAway, away));
    }
}
