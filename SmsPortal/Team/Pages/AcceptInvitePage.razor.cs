using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using SmsPortal.Common;
using SmsPortal.Components.Account;
using SmsPortal.Team;

namespace SmsPortal.Team.Pages;

/// <summary><c>/invite/{token}</c>: a new person creates an account in the inviting team; a signed-in one without a team joins it.</summary>
public sealed partial class AcceptInvitePage
{
    private InvitationDetails? _invitation;
    private string? _problem;
    private string? _error;
    private string? _signedInEmail;
    private string? _currentTeam;

    [Parameter]
    public string Token { get; set; } = "";

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "join")]
    private InputModel Input { get; set; } = default!;

    [Inject] private TeamService TeamService { get; set; } = default!;
    [Inject] private UserManager<AppUser> UserManager { get; set; } = default!;
    [Inject] private SignInManager<AppUser> SignInManager { get; set; } = default!;
    [Inject] private WorkspaceRegistration Registration { get; set; } = default!;
    [Inject] private IdentityRedirectManager RedirectManager { get; set; } = default!;
    [Inject] private ILogger<AcceptInvitePage> Logger { get; set; } = default!;

    private string LoginHref => $"Account/Login?ReturnUrl={Uri.EscapeDataString($"/invite/{Token}")}";

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        try
        {
            _invitation = await TeamService.FindInvitationAsync(Token);
        }
        catch (UserInputException ex)
        {
            _problem = ex.Message;
            return;
        }

        if (HttpContext.User.Identity?.IsAuthenticated == true && HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
        {
            _signedInEmail = HttpContext.User.Identity.Name;
            _currentTeam = (await Registration.MembershipsAsync(userId)).FirstOrDefault()?.WorkspaceName;
        }
    }

    private static string RoleDescription(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Admin => "Admins manage endpoints, rules, settings and the team.",
        _ => "Agents read and answer the inbox and see the rules.",
    };

    private async Task RegisterAsync()
    {
        JoinedWorkspace joined;
        try
        {
            joined = await TeamService.RegisterWithInvitationAsync(Token, Input.Email, Input.Password);
        }
        catch (UserInputException ex)
        {
            _error = ex.Message;
            return;
        }
        Logger.LogInformation("User {UserId} registered through an invitation and joined workspace {WorkspaceId} as {Role}.", joined.UserId, joined.WorkspaceId, joined.Role);
        var user = await UserManager.FindByIdAsync(joined.UserId);
        await SignInManager.SignInAsync(user!, isPersistent: false);
        RedirectManager.RedirectTo("/");
    }

    private async Task AcceptAsync()
    {
        var userId = HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            _error = "Your sign-in has ended; log in again.";
            return;
        }
        JoinedWorkspace joined;
        try
        {
            joined = await TeamService.AcceptInvitationAsync(Token, userId);
        }
        catch (UserInputException ex)
        {
            _error = ex.Message;
            return;
        }
        Logger.LogInformation("User {UserId} accepted an invitation to workspace {WorkspaceId} as {Role}.", joined.UserId, joined.WorkspaceId, joined.Role);
        // The cookie has no workspace yet: issue it again with the new membership.
        var user = await UserManager.FindByIdAsync(joined.UserId);
        await SignInManager.RefreshSignInAsync(user!);
        RedirectManager.RedirectTo("/");
    }

    private sealed class InputModel
    {
        [Required]
        [EmailAddress]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required]
        [StringLength(100, ErrorMessage = "The {0} must be at least {2} and at max {1} characters long.", MinimumLength = 6)]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        [Compare("Password", ErrorMessage = "The password and confirmation password do not match.")]
        public string ConfirmPassword { get; set; } = "";
    }
}
