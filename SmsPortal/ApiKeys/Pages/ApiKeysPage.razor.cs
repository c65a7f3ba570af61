using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using SmsPortal.Common;
using SmsPortal.Team;

namespace SmsPortal.ApiKeys.Pages;

public partial class ApiKeysPage
{
    private PortalUser _user = default!;
    private IReadOnlyList<ApiKeySummary> _keys = [];
    private readonly HashSet<string> _scopes = [ApiScopes.MessagesSend, ApiScopes.MessagesRead];
    private string _name = "";
    private int? _expiresInDays;
    private CreatedApiKey? _created;
    private bool _copied;
    private string? _error;
    private const string WholeWorkspace = "";
    private string _actsAs = WholeWorkspace;
    private IReadOnlyList<TeamMember> _members = [];
    private ApiKeySummary? _editing;
    private HashSet<string> _editScopes = [];

    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ApiKeyService Keys { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private TeamService Team { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _user = await CurrentUser.GetAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _keys = _user.IsAdmin ? await Keys.ListAsync(_user.WorkspaceId) : [];
        _members = _user.IsAdmin ? await Team.MembersAsync(_user.WorkspaceId) : [];
    }

    private void EditScopes(ApiKeySummary key) => (_editing, _editScopes, _error) = (key, [.. key.Scopes], null);

    private void CancelScopes() => _editing = null;

    private Task SaveScopesAsync() => RunAsync(async () =>
    {
        await Keys.SetScopesAsync(_user.WorkspaceId, _user.Actor, _editing!.Id, _editScopes);
        _editing = null;
        await LoadAsync();
    });

    private Task CreateAsync() => RunAsync(async () =>
    {
        var expires = _expiresInDays is { } days ? Time.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
        _created = await Keys.CreateAsync(_user.WorkspaceId, _user.Actor, _name, _scopes, expires, _actsAs == WholeWorkspace ? null : _actsAs);
        (_copied, _name, _editing, _actsAs) = (false, "", null, WholeWorkspace);
        await LoadAsync();
    });

    private async Task CopyAsync()
    {
        await Js.InvokeVoidAsync("navigator.clipboard.writeText", _created!.Key);
        _copied = true;
    }

    private void Dismiss() => _created = null;

    private Task RevokeAsync(ApiKeySummary key) => RunAsync(async () =>
    {
        await Keys.RevokeAsync(_user.WorkspaceId, _user.Actor, key.Id);
        if (_editing?.Id == key.Id)
        {
            _editing = null;
        }
        await LoadAsync();
    });

    private async Task RunAsync(Func<Task> action)
    {
        _error = null;
        try
        {
            await action();
        }
        catch (UserInputException ex)
        {
            _error = ex.Message;
        }
    }
}
