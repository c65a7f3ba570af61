using SmsPortal.Team;

namespace Microsoft.AspNetCore.Routing;

public static class WorkspaceMemberEndpoints
{
    /// <summary>
    /// Every endpoint of the group answers only a signed-in member of a workspace whose role there, as the database has
    /// it now, is at least <paramref name="minimum"/>, and is scoped to that workspace: handlers read the member with
    /// <see cref="WorkspaceMember(HttpContext)"/>. A cookie issued before a demotion or removal is refused (403).
    /// </summary>
    public static RouteGroupBuilder RequireWorkspaceMember(this RouteGroupBuilder group, WorkspaceRole minimum = WorkspaceRole.Agent)
    {
        group.RequireAuthorization(minimum == WorkspaceRole.Agent ? Policies.Member : minimum == WorkspaceRole.Admin ? Policies.Admin : Policies.Owner)
            .AddEndpointFilter(new WorkspaceMemberFilter(minimum));
        return group;
    }

    /// <summary>The member that <see cref="RequireWorkspaceMember"/> let through.</summary>
    public static PortalUser WorkspaceMember(this HttpContext context) =>
        context.Items[typeof(PortalUser)] as PortalUser
        ?? throw new InvalidOperationException("The endpoint's group does not call RequireWorkspaceMember().");

    /// <summary>The policy checks the claims; this checks the role in the database (<see cref="MemberAccess"/>), or refuses with 403.</summary>
    private sealed class WorkspaceMemberFilter(WorkspaceRole minimum) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var access = context.HttpContext.RequestServices.GetRequiredService<MemberAccess>();
            if (await access.CurrentAsync(context.HttpContext, minimum) is not { } member)
            {
                return MemberAccess.Refused();
            }
            context.HttpContext.Items[typeof(PortalUser)] = member;
            return await next(context);
        }
    }
}
