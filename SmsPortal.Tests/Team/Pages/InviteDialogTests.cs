using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Team.Pages;
using SmsPortal.Components.Shared;
using SmsPortal.Team;

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Team.Pages;

public sealed class InviteDialogTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().AddPortalDefaults();

    public InviteDialogTests() => _context.Services.AddScoped<Clipboard>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task CreateLink_ShowsLinkOnceAndCopiesIt()
    {
        var created = new List<WorkspaceRole>();
        var provider = _context.Render<MudDialogProvider>();
        await OpenAsync([WorkspaceRole.Admin, WorkspaceRole.Agent], role =>
        {
            created.Add(role);
            return Task.FromResult("https://portal.example/invite/abc123");
        });

        await provider.Find("[data-testid=invite-create]").ClickAsync(new());

        Assert.Equal([WorkspaceRole.Agent], created);
        Assert.Equal("https://portal.example/invite/abc123", provider.Find("input[data-testid=invite-link], [data-testid=invite-link] input").GetAttribute("value"));
        Assert.Contains("shown only now", provider.Markup);
        Assert.Empty(provider.FindAll("[data-testid=invite-create]"));
        _context.JSInterop.Setup<bool>("smsPortal.copy", _ => true).SetResult(true);
        await provider.Find("[data-testid=invite-copy]").ClickAsync(new());
        var copy = Assert.Single(_context.JSInterop.Invocations, i => i.Identifier == "smsPortal.copy");
        Assert.Equal("https://portal.example/invite/abc123", copy.Arguments[0]);
    }

    [Fact]
    public async Task CreateLink_ServiceRefuses_ShowsMessageAndNoLink()
    {
        var provider = _context.Render<MudDialogProvider>();
        await OpenAsync([WorkspaceRole.Agent], _ => throw new UserInputException("Only an Owner or Admin of this team can do that."));

        await provider.Find("[data-testid=invite-create]").ClickAsync(new());

        Assert.Contains("Only an Owner or Admin", provider.Find("[data-testid=invite-error]").TextContent);
        Assert.Empty(provider.FindAll("[data-testid=invite-link]"));
    }

    [Fact]
    public async Task Open_AdminOnlyAllowedAgent_RoleChoiceIsAgent()
    {
        var created = new List<WorkspaceRole>();
        var provider = _context.Render<MudDialogProvider>();
        await OpenAsync(TeamService.InvitableRoles(WorkspaceRole.Admin), role =>
        {
            created.Add(role);
            return Task.FromResult("link");
        });

        await provider.Find("[data-testid=invite-create]").ClickAsync(new());

        Assert.Equal([WorkspaceRole.Agent], created);
    }

    private async Task OpenAsync(IReadOnlyList<WorkspaceRole> roles, Func<WorkspaceRole, Task<string>> create)
    {
        var dialogs = _context.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<InviteDialog> { { d => d.Roles, roles }, { d => d.Create, create } };
        await _context.Renderer.Dispatcher.InvokeAsync(() => dialogs.ShowAsync<InviteDialog>("Invite member", parameters));
    }
}
