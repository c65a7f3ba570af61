using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Data;
using SmsPortal.Team;

namespace SmsPortal.Tests.Infrastructure;

/// <summary>Real members for service tests: privileged services check the actor's role in the database.</summary>
public static class TestMembers
{
    /// <summary>
    /// A new user in <paramref name="workspaceId"/> with <paramref name="role"/>, acting under <paramref name="name"/> (what the
    /// audit shows), or under their email (they sign in with it and <see cref="TestUsers.Password"/>).
    /// </summary>
    public static async Task<Actor> MemberAsync(this PortalAppFactory app, Guid workspaceId, string? name = null, WorkspaceRole role = WorkspaceRole.Admin)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        var user = new AppUser { UserName = email, Email = email };
        var created = await users.CreateAsync(user, TestUsers.Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspaceId, UserId = user.Id, Role = role, JoinedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return new Actor(user.Id, name ?? email);
    }

    /// <summary>The Owner <see cref="PortalAppFactory.CreateEndpointAsync"/> registered, as an actor.</summary>
    public static async Task<Actor> OwnerAsync(this PortalAppFactory app, TestEndpoint endpoint)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(endpoint.Email);
        return new Actor(user!.Id, endpoint.Email);
    }
}
