using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Drafts;

/// <summary>Members as the portal sees them, made through the real registration and membership tables.</summary>
internal static class DraftTestUsers
{
    public static async Task<PortalUser> OwnerAsync(PortalAppFactory app)
    {
        var endpoint = await app.CreateEndpointAsync();
        return await MemberAsync(app, endpoint.Email, endpoint.WorkspaceId, WorkspaceRole.Owner);
    }

    public static async Task<PortalUser> AgentAsync(PortalAppFactory app, Guid workspaceId) =>
        await MemberAsync(app, await PortalSignIn.AddAgentAsync(app, workspaceId), workspaceId, WorkspaceRole.Agent);

    private static async Task<PortalUser> MemberAsync(PortalAppFactory app, string email, Guid workspaceId, WorkspaceRole role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return new PortalUser(user!.Id, email, workspaceId, "Team", role);
    }
}
