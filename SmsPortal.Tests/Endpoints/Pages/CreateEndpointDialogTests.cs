using Bunit;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.Endpoints.Pages;
using SmsPortal.Endpoints;

namespace SmsPortal.Tests.Endpoints.Pages;

public sealed class CreateEndpointDialogTests : IAsyncLifetime
{
    private readonly DialogHost _host = new();
    private readonly List<NewEndpoint> _requests = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_NameGiven_AsksThePageToCreateAndClosesWithTheResult()
    {
        var created = new CreatedEndpoint("ep_1", "/hooks/sms/ep_1", "whsec_x");
        var dialog = await ShowAsync(_ => Task.FromResult(created));

        _host.Provider.Find("input").Input("Main");
        _host.ClickButton("Create");

        Assert.Equal(new NewEndpoint("Main", null, EndpointFormat.Native, null), Assert.Single(_requests));
        Assert.Same(created, (await dialog.Result)!.Data);
    }

    [Fact]
    public async Task Create_ServiceRefuses_ShowsTheMessageAndStaysOpen()
    {
        var dialog = await ShowAsync(_ => throw new UserInputException("Workspace not found."));

        _host.Provider.Find("input").Input("Main");
        _host.ClickButton("Create");

        Assert.Contains("Workspace not found.", _host.Provider.Markup);
        Assert.False(dialog.Result.IsCompleted);
    }

    [Fact]
    public async Task Create_NoName_NotCreated()
    {
        var dialog = await ShowAsync(_ => throw new InvalidOperationException("must not be called"));

        _host.ClickButton("Create");

        Assert.Empty(_requests);
        Assert.False(dialog.Result.IsCompleted);
    }

    private Task<IDialogReference> ShowAsync(Func<NewEndpoint, Task<CreatedEndpoint>> create) =>
        _host.ShowAsync("New endpoint", new DialogParameters<CreateEndpointDialog>
        {
            { d => d.OnCreate, request => { _requests.Add(request); return create(request); } },
        });
}
