using SmsPortal.Team;

namespace Microsoft.AspNetCore.Routing;

public static class WorkspaceMemberEndpoints
{
    /// <summary>
    /// Every endpoint of the group answers only a signed-in member of a workspace and is scoped to that workspace:
    /// handlers read the member with <see cref="WorkspaceMember(HttpContext)"/>.
    /// </summary>
    public static RouteGroupBuilder RequireWorkspaceMember(this RouteGroupBuilder group)
    {
        group.RequireAuthorization(Policies.Member).AddEndpointFilter<WorkspaceMemberFilter>();
        return group;
    }

    /// <summary>The member that <see cref="RequireWorkspaceMember"/> let through.</summary>
    public static PortalUser WorkspaceMember(this HttpContext context) =>
        context.Items[typeof(PortalUser)] as PortalUser
        ?? throw new InvalidOperationException("The endpoint's group does not call RequireWorkspaceMember().");

    /// <summary>The policy checks the workspace claim; this also needs a role the portal knows, or it refuses with 403.</summary>
    private sealed class WorkspaceMemberFilter : IEndpointFilter
    {
        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            if (PortalUser.From(context.HttpContext.User) is not { } member)
            {
                return ValueTask.FromResult<object?>(TypedResults.Forbid());
            }
            context.HttpContext.Items[typeof(PortalUser)] = member;
            return next(context);
        }
    }
}
