using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SmsPortal.Components.Shared;

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Endpoints.Pages;

/// <summary>A bUnit context with a dialog provider, for showing the endpoint dialogs the way the page does.</summary>
public sealed class DialogHost : IAsyncDisposable
{
    public DialogHost()
    {
        Context.Services.AddScoped<Clipboard>();
    }

    public BunitContext Context { get; } = new BunitContext().AddPortalDefaults();

    private IRenderedComponent<MudDialogProvider>? _provider;

    public IRenderedComponent<MudDialogProvider> Provider => _provider ?? throw new InvalidOperationException("Show a dialog first.");

    public async Task<IDialogReference> ShowAsync<TDialog>(string title, DialogParameters<TDialog> parameters) where TDialog : Microsoft.AspNetCore.Components.ComponentBase
    {
        _provider ??= Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        return await Provider.InvokeAsync(() => dialogs.ShowAsync<TDialog>(title, parameters));
    }

    public void ClickButton(string text) =>
        Provider.FindAll("button").Single(b => b.TextContent.Trim() == text).Click();

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}
