using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Contacts;
using SmsPortal.Inbox;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Inbox;

/// <summary>Round robin with a cap, and the unassigned queue picked up first in, first out.</summary>
public sealed class AssignmentTests(TestApp app) : IClassFixture<TestApp>
{
    private ConversationService Conversations => app.Services.GetRequiredService<ConversationService>();
    private AutoAssigner Assigner => app.Services.GetRequiredService<AutoAssigner>();

    [Fact]
    public async Task RoundRobin_AlternatesBetweenAvailableMembers_UpToTheCap_OldestFirst()
    {
        var team = await ConversationTeam.CreateAsync(app);
        await team.AwayAsync(team.Owner);
        await team.SettingsAsync(s => (s.AutoAssign, s.AutoAssignCap) = (true, 2));
        var waiting = await team.WaitingAsync(6);

        await Assigner.DistributeAsync(team.WorkspaceId);

        var assignees = new List<string?>();
        foreach (var contact in waiting)
        {
            assignees.Add((await team.ReloadAsync(contact.Id)).AssigneeId);
        }
        // The four oldest are assigned, alternating; the two newest wait (both agents are at the cap).
        Assert.All(assignees.Take(4), a => Assert.Contains(a, new[] { team.AgentA.UserId, team.AgentB.UserId }));
        Assert.NotEqual(assignees[0], assignees[1]);
        Assert.Equal(assignees[0], assignees[2]);
        Assert.Equal(assignees[1], assignees[3]);
        Assert.Equal([null, null], assignees.Skip(4));
    }

    [Fact]
    public async Task Queue_DrainsFirstInFirstOut_AsAnAgentFreesUp()
    {
        var team = await ConversationTeam.CreateAsync(app);
        await team.AwayAsync(team.Owner);
        await team.AwayAsync(team.AgentB);
        await team.SettingsAsync(s => (s.AutoAssign, s.AutoAssignCap) = (true, 1));
        var waiting = await team.WaitingAsync(3);
        await Assigner.DistributeAsync(team.WorkspaceId);
        Assert.Equal(team.AgentA.UserId, (await team.ReloadAsync(waiting[0].Id)).AssigneeId);

        await Conversations.SetStatusAsync(team.WorkspaceId, team.AgentA, waiting[0].Id, ConversationStatus.Closed);
        await Assigner.DistributeAsync(team.WorkspaceId);

        Assert.Equal(team.AgentA.UserId, (await team.ReloadAsync(waiting[1].Id)).AssigneeId);
        Assert.Null((await team.ReloadAsync(waiting[2].Id)).AssigneeId);
    }

    [Fact]
    public async Task AwayMembers_GetNothing_AndAutoAssignOff_AssignsNothing()
    {
        var team = await ConversationTeam.CreateAsync(app);
        var waiting = await team.WaitingAsync(2);
        Assert.Equal(0, await Assigner.DistributeAsync(team.WorkspaceId));
        Assert.Null((await team.ReloadAsync(waiting[0].Id)).AssigneeId);

        foreach (var member in new[] { team.Owner, team.AgentA, team.AgentB })
        {
            await team.AwayAsync(member);
        }
        await team.SettingsAsync(s => s.AutoAssign = true);
        await Assigner.DistributeAsync(team.WorkspaceId);

        Assert.Null((await team.ReloadAsync(waiting[0].Id)).AssigneeId);
    }

    [Fact]
    public async Task TakeNext_GivesTheLongestWaiting_AndNeverTheSameOneTwice()
    {
        var team = await ConversationTeam.CreateAsync(app);
        var waiting = await team.WaitingAsync(3);

        var takes = await Task.WhenAll(
            Conversations.TakeNextAsync(team.WorkspaceId, team.AgentA),
            Conversations.TakeNextAsync(team.WorkspaceId, team.AgentB));
        var third = await Conversations.TakeNextAsync(team.WorkspaceId, team.AgentA);
        var none = await Conversations.TakeNextAsync(team.WorkspaceId, team.AgentB);

        Assert.Equal(new HashSet<Guid?> { waiting[0].Id, waiting[1].Id }, takes.ToHashSet());
        Assert.Equal(waiting[2].Id, third);
        Assert.Null(none);
    }
}
