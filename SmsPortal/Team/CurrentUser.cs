using Microsoft.AspNetCore.Components.Authorization;

namespace SmsPortal.Team;

/// <summary>
/// The member using this circuit or request. Pages ask it for the workspace to scope every query to; a user
/// without a workspace (or not signed in) never gets one.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<PortalUser> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return PortalUser.From(state.User) ?? throw new UnauthorizedAccessException("You are not signed in to a workspace.");
    }
}
