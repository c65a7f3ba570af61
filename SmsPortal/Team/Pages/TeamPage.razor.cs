using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Components.Shared;
using SmsPortal.Team;

namespace SmsPortal.Team.Pages;

public sealed partial class TeamPage
{
    private static readonly WorkspaceRole[] AllRoles = [WorkspaceRole.Owner, WorkspaceRole.Admin, WorkspaceRole.Agent];

    private PortalUser? _me;
    private IReadOnlyList<TeamMember>? _members;
    private IReadOnlyList<PendingInvitation>? _invitations;

    // Links of invitations created in this tab: the database keeps only their hashes.
    private readonly Dictionary<Guid, string> _links = [];

    [Inject] private TeamService TeamService { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private Clipboard Clipboard { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private bool IsOwner => _me?.Role == WorkspaceRole.Owner;

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentUser.GetAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _members = await TeamService.MembersAsync(_me!.WorkspaceId);
        _invitations = await TeamService.PendingInvitationsAsync(_me.WorkspaceId);
    }

    private static Color RoleColor(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Owner => Color.Primary,
        WorkspaceRole.Admin => Color.Secondary,
        _ => Color.Default,
    };

    private async Task InviteAsync()
    {
        var parameters = new DialogParameters<InviteDialog>
        {
            { d => d.Roles, TeamService.InvitableRoles(_me!.Role) },
            { d => d.Create, CreateInvitationAsync },
        };
        var dialog = await Dialogs.ShowAsync<InviteDialog>("Invite member", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        await dialog.Result;
        await LoadAsync();
    }

    private async Task<string> CreateInvitationAsync(WorkspaceRole role)
    {
        var created = await TeamService.InviteAsync(_me!.WorkspaceId, _me.Actor, role);
        var link = created.Link(Navigation.BaseUri);
        _links[created.Id] = link;
        return link;
    }

    private async Task CopyAsync(Guid invitationId)
    {
        var copied = await Clipboard.CopyAsync(_links[invitationId]);
        Snackbar.Add(copied ? "Invite link copied." : "The browser did not allow copying.", copied ? Severity.Success : Severity.Warning);
    }

    private Task RevokeAsync(PendingInvitation invitation) =>
        ConfirmAndRunAsync(
            "Revoke invitation",
            $"The {invitation.Role} invite link created by {invitation.CreatedBy} stops working at once.",
            "Revoke",
            () => TeamService.RevokeInvitationAsync(_me!.WorkspaceId, _me.Actor, invitation.Id),
            "Invitation revoked.");

    private Task RemoveAsync(TeamMember member) =>
        ConfirmAndRunAsync(
            "Remove member",
            $"{member.Email} loses access to this team. Their account stays; you can invite them again.",
            "Remove",
            () => TeamService.RemoveMemberAsync(_me!.WorkspaceId, _me.Actor, member.UserId),
            $"{member.Email} was removed.");

    private async Task ChangeRoleAsync(TeamMember member, WorkspaceRole role) =>
        await RunAsync(() => TeamService.ChangeRoleAsync(_me!.WorkspaceId, _me.Actor, member.UserId, role), $"{member.Email} is now {role}.");

    private async Task ConfirmAndRunAsync(string title, string message, string yes, Func<Task> action, string done)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: "Cancel");
        if (confirmed == true)
        {
            await RunAsync(action, done);
        }
    }

    private async Task RunAsync(Func<Task> action, string done)
    {
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
        }
        catch (UserInputException ex)
        {
            Snackbar.Add(ex.Message, Severity.Warning);
        }
        await LoadAsync();
    }
}
