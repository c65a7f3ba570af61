using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Components.Shared;
using SmsPortal.Team;

namespace SmsPortal.Team.Pages;

/// <summary>Chooses a role, creates the invitation through <see cref="Create"/> and shows its link once.</summary>
public sealed partial class InviteDialog
{
    private WorkspaceRole _role;
    private string? _link;
    private string? _error;
    private bool _busy;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private Clipboard Clipboard { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>The roles the inviting member may hand out.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<WorkspaceRole> Roles { get; set; } = [];

    /// <summary>Creates the invitation and returns its link.</summary>
    [Parameter, EditorRequired]
    public Func<WorkspaceRole, Task<string>> Create { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (!Roles.Contains(_role) && Roles.Count > 0)
        {
            _role = Roles.Contains(WorkspaceRole.Agent) ? WorkspaceRole.Agent : Roles[0];
        }
    }

    private static string RoleHelp(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Admin => "Manages endpoints, rules, settings and the team.",
        _ => "Reads and answers the inbox; sees rules read-only.",
    };

    private async Task CreateAsync()
    {
        _busy = true;
        _error = null;
        try
        {
            _link = await Create(_role);
        }
        catch (UserInputException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CopyAsync()
    {
        if (_link is null)
        {
            return;
        }
        if (await Clipboard.CopyAsync(_link))
        {
            Snackbar.Add("Invite link copied.", Severity.Success);
        }
        else
        {
            Snackbar.Add("The browser did not allow copying; select the link and copy it by hand.", Severity.Warning);
        }
    }

    private void Cancel() => MudDialog.Cancel();

    private void Done() => MudDialog.Close(DialogResult.Ok(_link));
}
