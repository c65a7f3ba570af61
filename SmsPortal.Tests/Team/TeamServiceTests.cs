using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Team;

public sealed class TeamServiceTests : IAsyncLifetime
{
    private const string Password = TestUsers.Password;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly PortalAppFactory _app;

    public TeamServiceTests() => _app = new PortalAppFactory(configureServices: s => s.AddSingleton<TimeProvider>(_time));

    private TeamService Team => _app.Services.GetRequiredService<TeamService>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RegisterWithInvitation_ValidToken_JoinsInvitingWorkspaceWithRole()
    {
        var owner = await RegisterOwnerAsync();
        var invitation = await Team.InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Agent);

        var joined = await Team.RegisterWithInvitationAsync(invitation.Token, "agent@example.test", Password);

        Assert.Equal(owner.WorkspaceId, joined.WorkspaceId);
        Assert.Equal(WorkspaceRole.Agent, joined.Role);
        var members = await Team.MembersAsync(owner.WorkspaceId);
        Assert.Contains(members, m => m.Email == "agent@example.test" && m.Role == WorkspaceRole.Agent);
        await using var db = _app.CreateDbContext();
        Assert.Equal(1, await db.Workspaces.CountAsync());
        Assert.Single(await db.WorkspaceMembers.Where(m => m.UserId == joined.UserId).ToListAsync());
        var stored = await db.Invitations.SingleAsync();
        Assert.NotEqual(invitation.Token, stored.TokenHash);
        Assert.Equal(joined.UserId, stored.AcceptedByUserId);
        Assert.Empty(await Team.PendingInvitationsAsync(owner.WorkspaceId));
    }

    [Fact]
    public async Task InviteAsync_Token_IsUrlSafeAndLinkUsesInvitePath()
    {
        var owner = await RegisterOwnerAsync();

        var invitation = await Team.InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Agent);

        Assert.Matches("^[A-Za-z0-9_-]{43}$", invitation.Token);
        Assert.Equal($"https://portal.example/invite/{invitation.Token}", invitation.Link("https://portal.example/"));
        Assert.Equal(_time.GetUtcNow().AddDays(7), invitation.ExpiresAt);
    }

    [Fact]
    public async Task RegisterWithInvitation_ExpiredToken_RefusedAndNoUserCreated()
    {
        var owner = await RegisterOwnerAsync();
        var invitation = await Team.InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Agent);
        _time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<UserInputException>(() => Team.RegisterWithInvitationAsync(invitation.Token, "late@example.test", Password));

        Assert.Contains("expired", error.Message);
        await using var db = _app.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "late@example.test"));
    }

    [Fact]
    public async Task RegisterWithInvitation_RevokedToken_Refused()
    {
        var owner = await RegisterOwnerAsync();
        var invitation = await Team.InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Agent);
        await Team.RevokeInvitationAsync(owner.WorkspaceId, owner.Actor, invitation.Id);

        var error = await Assert.ThrowsAsync<UserInputException>(() => Team.RegisterWithInvitationAsync(invitation.Token, "x@example.test", Password));

        Assert.Contains("revoked", error.Message);
    }

    [Fact]
    public async Task RegisterWithInvitation_TokenUsedBefore_RefusedSecondTime()
    {
        var owner = await RegisterOwnerAsync();
        var invitation = await Team.InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Agent);
        await Team.RegisterWithInvitationAsync(invitation.Token, "first@example.test", Password);

        var error = await Assert.ThrowsAsync<UserInputException>(() => Team.RegisterWithInvitationAsync(invitation.Token, "second@example.test", Password));

        Assert.Contains("already been used", error.Message);
        await using var db = _app.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "second@example.test"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    public async Task FindInvitation_UnknownToken_ClearMessage(string token)
    {
        var error = await Assert.ThrowsAsync<UserInputException>(() => Team.FindInvitationAsync(token));

        Assert.Contains("not valid", error.Message);
    }

    [Fact]
    public async Task RegisterWithInvitation_WeakPassword_RefusedAndInvitationStillUsable()
    {
        var owner = await RegisterOwnerAsync();
        var invitation = await Team.InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Agent);

        await Assert.ThrowsAsync<UserInputException>(() => Team.RegisterWithInvitationAsync(invitation.Token, "weak@example.test", "abc"));

        var details = await Team.FindInvitationAsync(invitation.Token);
        Assert.Equal(owner.WorkspaceId, details.WorkspaceId);
    }

    [Fact]
    public async Task Invite_AdminInvitesAdmin_RefusedOwnerMay()
    {
        var owner = await RegisterOwnerAsync();
        var admin = await JoinAsync(owner, WorkspaceRole.Admin, "admin@example.test");

        var error = await Assert.ThrowsAsync<UserInputException>(() => Team.InviteAsync(owner.WorkspaceId, admin.Actor, WorkspaceRole.Admin));
        var agentInvite = await Team.InviteAsync(owner.WorkspaceId, admin.Actor, WorkspaceRole.Agent);

        Assert.Contains("Only an Owner", error.Message);
        Assert.Equal(WorkspaceRole.Agent, agentInvite.Role);
    }

    [Theory]
    [InlineData(WorkspaceRole.Agent)]
    [InlineData(WorkspaceRole.Admin)]
    public async Task Invite_AgentInvites_Refused(WorkspaceRole role)
    {
        var owner = await RegisterOwnerAsync();
        var agent = await JoinAsync(owner, WorkspaceRole.Agent, "agent@example.test");

        await Assert.ThrowsAsync<UserInputException>(() => Team.InviteAsync(owner.WorkspaceId, agent.Actor, role));
    }

    [Fact]
    public async Task Invite_OwnerRole_Refused()
    {
        var owner = await RegisterOwnerAsync();

        await Assert.ThrowsAsync<UserInputException>(() => Team.InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Owner));
    }

    [Fact]
    public async Task Invite_DemotedAdminWithOldCookie_RefusedByDatabaseRole()
    {
        var owner = await RegisterOwnerAsync();
        var admin = await JoinAsync(owner, WorkspaceRole.Admin, "admin@example.test");
        await Team.ChangeRoleAsync(owner.WorkspaceId, owner.Actor, admin.UserId, WorkspaceRole.Agent);

        // The admin's claims still say Admin; the service asks the database.
        await Assert.ThrowsAsync<UserInputException>(() => Team.InviteAsync(owner.WorkspaceId, admin.Actor, WorkspaceRole.Agent));
    }

    [Fact]
    public async Task ChangeRole_LastOwnerDemotesThemselves_Refused()
    {
        var owner = await RegisterOwnerAsync();

        var error = await Assert.ThrowsAsync<UserInputException>(() => Team.ChangeRoleAsync(owner.WorkspaceId, owner.Actor, owner.UserId, WorkspaceRole.Admin));

        Assert.Contains("Owner", error.Message);
        Assert.Equal(WorkspaceRole.Owner, (await Team.MembersAsync(owner.WorkspaceId)).Single().Role);
    }

    [Fact]
    public async Task ChangeRole_SecondOwnerExists_OwnerMayStepDown()
    {
        var owner = await RegisterOwnerAsync();
        var other = await JoinAsync(owner, WorkspaceRole.Admin, "other@example.test");
        await Team.ChangeRoleAsync(owner.WorkspaceId, owner.Actor, other.UserId, WorkspaceRole.Owner);

        await Team.ChangeRoleAsync(owner.WorkspaceId, owner.Actor, owner.UserId, WorkspaceRole.Admin);

        var members = await Team.MembersAsync(owner.WorkspaceId);
        Assert.Equal(WorkspaceRole.Admin, members.Single(m => m.UserId == owner.UserId).Role);
        Assert.Equal(WorkspaceRole.Owner, members.Single(m => m.UserId == other.UserId).Role);
    }

    [Fact]
    public async Task ChangeRole_ByAdmin_Refused()
    {
        var owner = await RegisterOwnerAsync();
        var admin = await JoinAsync(owner, WorkspaceRole.Admin, "admin@example.test");
        var agent = await JoinAsync(owner, WorkspaceRole.Agent, "agent@example.test");

        var error = await Assert.ThrowsAsync<UserInputException>(() => Team.ChangeRoleAsync(owner.WorkspaceId, admin.Actor, agent.UserId, WorkspaceRole.Admin));

        Assert.Contains("Only an Owner", error.Message);
    }

    [Fact]
    public async Task ChangeRole_Member_NewSecurityStampSoOldCookiesRevalidate()
    {
        var owner = await RegisterOwnerAsync();
        var agent = await JoinAsync(owner, WorkspaceRole.Agent, "agent@example.test");
        var before = await SecurityStampAsync(agent.UserId);

        await Team.ChangeRoleAsync(owner.WorkspaceId, owner.Actor, agent.UserId, WorkspaceRole.Admin);

        Assert.NotEqual(before, await SecurityStampAsync(agent.UserId));
        Assert.Equal(WorkspaceRole.Admin, (await Team.MembersAsync(owner.WorkspaceId)).Single(m => m.UserId == agent.UserId).Role);
    }

    [Fact]
    public async Task RemoveMember_ByOwner_MembershipGoneAccountKept()
    {
        var owner = await RegisterOwnerAsync();
        var agent = await JoinAsync(owner, WorkspaceRole.Agent, "agent@example.test");
        var before = await SecurityStampAsync(agent.UserId);

        await Team.RemoveMemberAsync(owner.WorkspaceId, owner.Actor, agent.UserId);

        Assert.DoesNotContain(await Team.MembersAsync(owner.WorkspaceId), m => m.UserId == agent.UserId);
        Assert.NotEqual(before, await SecurityStampAsync(agent.UserId));
    }

    [Fact]
    public async Task RemoveMember_Themselves_Refused()
    {
        var owner = await RegisterOwnerAsync();

        await Assert.ThrowsAsync<UserInputException>(() => Team.RemoveMemberAsync(owner.WorkspaceId, owner.Actor, owner.UserId));

        Assert.Single(await Team.MembersAsync(owner.WorkspaceId));
    }

    [Fact]
    public async Task RemoveMember_OfAnotherWorkspace_RefusedAndUntouched()
    {
        var mine = await RegisterOwnerAsync();
        var theirs = await RegisterOwnerAsync();
        var theirAgent = await JoinAsync(theirs, WorkspaceRole.Agent, "their-agent@example.test");

        await Assert.ThrowsAsync<UserInputException>(() => Team.RemoveMemberAsync(mine.WorkspaceId, mine.Actor, theirAgent.UserId));
        await Assert.ThrowsAsync<UserInputException>(() => Team.RemoveMemberAsync(theirs.WorkspaceId, mine.Actor, theirAgent.UserId));

        Assert.Contains(await Team.MembersAsync(theirs.WorkspaceId), m => m.UserId == theirAgent.UserId);
    }

    [Fact]
    public async Task RevokeInvitation_OfAnotherWorkspace_Refused()
    {
        var mine = await RegisterOwnerAsync();
        var theirs = await RegisterOwnerAsync();
        var invitation = await Team.InviteAsync(theirs.WorkspaceId, theirs.Actor, WorkspaceRole.Agent);

        await Assert.ThrowsAsync<UserInputException>(() => Team.RevokeInvitationAsync(mine.WorkspaceId, mine.Actor, invitation.Id));

        Assert.Single(await Team.PendingInvitationsAsync(theirs.WorkspaceId));
        Assert.Empty(await Team.PendingInvitationsAsync(mine.WorkspaceId));
    }

    [Fact]
    public async Task AcceptInvitation_UserAlreadyOwnsAWorkspace_RefusedWithExplanation()
    {
        var inviter = await RegisterOwnerAsync();
        var other = await RegisterOwnerAsync();
        var invitation = await Team.InviteAsync(inviter.WorkspaceId, inviter.Actor, WorkspaceRole.Admin);

        var error = await Assert.ThrowsAsync<UserInputException>(() => Team.AcceptInvitationAsync(invitation.Token, other.UserId));

        Assert.Contains("one account is one team", error.Message);
        Assert.Single(await Team.PendingInvitationsAsync(inviter.WorkspaceId));
        Assert.DoesNotContain(await Team.MembersAsync(inviter.WorkspaceId), m => m.UserId == other.UserId);
    }

    [Fact]
    public async Task AcceptInvitation_UserWithoutWorkspace_JoinsWithRole()
    {
        var owner = await RegisterOwnerAsync();
        var agent = await JoinAsync(owner, WorkspaceRole.Agent, "moving@example.test");
        await Team.RemoveMemberAsync(owner.WorkspaceId, owner.Actor, agent.UserId);
        var invitation = await Team.InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Admin);

        var joined = await Team.AcceptInvitationAsync(invitation.Token, agent.UserId);

        Assert.Equal(WorkspaceRole.Admin, joined.Role);
        Assert.Contains(await Team.MembersAsync(owner.WorkspaceId), m => m.UserId == agent.UserId && m.Role == WorkspaceRole.Admin);
    }

    [Fact]
    public async Task TeamChanges_AreAudited()
    {
        var owner = await RegisterOwnerAsync();
        var revoked = await Team.InviteAsync(owner.WorkspaceId, owner.Actor, WorkspaceRole.Agent);
        await Team.RevokeInvitationAsync(owner.WorkspaceId, owner.Actor, revoked.Id);
        var agent = await JoinAsync(owner, WorkspaceRole.Agent, "agent@example.test");
        await Team.ChangeRoleAsync(owner.WorkspaceId, owner.Actor, agent.UserId, WorkspaceRole.Admin);
        await Team.RemoveMemberAsync(owner.WorkspaceId, owner.Actor, agent.UserId);

        await using var db = _app.CreateDbContext();
        var audit = await db.AuditLog.Where(a => a.WorkspaceId == owner.WorkspaceId).OrderBy(a => a.Id).ToListAsync();

        Assert.Equal(
            [TeamAuditActions.InvitationCreated, TeamAuditActions.InvitationRevoked, TeamAuditActions.InvitationCreated,
             TeamAuditActions.InvitationAccepted, TeamAuditActions.RoleChanged, TeamAuditActions.MemberRemoved],
            audit.Select(a => a.Action));
        Assert.Equal("Agent → Admin", audit.Single(a => a.Action == TeamAuditActions.RoleChanged).Detail);
        Assert.All(audit, a => Assert.DoesNotContain(revoked.Token, a.Detail ?? ""));
    }

    private async Task<PortalUser> RegisterOwnerAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<WorkspaceRegistration>()
            .RegisterOwnerAsync($"owner-{Guid.NewGuid():N}@example.test", Password);
        return new PortalUser(owner.UserId, owner.Email, owner.WorkspaceId, owner.WorkspaceName, WorkspaceRole.Owner);
    }

    private async Task<PortalUser> JoinAsync(PortalUser owner, WorkspaceRole role, string email)
    {
        var invitation = await Team.InviteAsync(owner.WorkspaceId, owner.Actor, role);
        var joined = await Team.RegisterWithInvitationAsync(invitation.Token, email, Password);
        return new PortalUser(joined.UserId, joined.Email, joined.WorkspaceId, joined.WorkspaceName, joined.Role);
    }

    private async Task<string?> SecurityStampAsync(string userId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.GetSecurityStampAsync((await users.FindByIdAsync(userId))!);
    }
}
