using Bunit;
using MudBlazor;
using SmsPortal.Common;
using SmsPortal.EventWebhooks;
using SmsPortal.EventWebhooks.Pages;
using SmsPortal.Tests.Endpoints.Pages;

namespace SmsPortal.Tests.EventWebhooks.Pages;

public sealed class EventWebhookDialogTests : IAsyncLifetime
{
    private readonly DialogHost _host = new();
    private readonly List<EventWebhookForm> _forms = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_UrlAndEventsTicked_PageGetsThemAndTheDialogClosesWithTheResult()
    {
        var dialog = await ShowAsync(null, _ => Task.FromResult<object>("created"));

        _host.Provider.Find("#event-webhook-url").Change("https://crm.example.com/hooks");
        _host.Provider.FindAll("label").Single(l => l.TextContent.Trim() == "contact.opted_out").QuerySelector("input")!.Change(true);
        _host.ClickButton("Create");

        var form = Assert.Single(_forms);
        Assert.Equal("https://crm.example.com/hooks", form.Url);
        Assert.Equal(["contact.opted_out", "message.received"], form.Events.Order(StringComparer.Ordinal));
        Assert.Equal("created", (await dialog.Result)!.Data);
    }

    [Fact]
    public async Task Save_UrlRefused_ShowsWhyAndStaysOpen()
    {
        var dialog = await ShowAsync(null, _ => throw new UserInputException("'http://10.0.0.5/x' leads to a private address."));

        _host.Provider.Find("#event-webhook-url").Change("http://10.0.0.5/x");
        _host.ClickButton("Create");

        Assert.Contains("leads to a private address", _host.Provider.Find("#event-webhook-error").TextContent);
        Assert.False(dialog.Result.IsCompleted);
    }

    [Fact]
    public async Task Edit_ShowsTheWebhooksUrlAndEvents_SaveSendsThemBack()
    {
        var existing = new EventSubscriptionSummary("ewh_1", "https://crm.example.com/a", "CRM", ["ticket.opened"], true, null, 0, DateTimeOffset.UtcNow, null);
        await ShowAsync(existing, _ => Task.FromResult<object>(existing));

        _host.ClickButton("Save");

        var form = Assert.Single(_forms);
        Assert.Equal(("https://crm.example.com/a", "CRM"), (form.Url, form.Description));
        Assert.Equal(["ticket.opened"], form.Events);
    }

    private Task<IDialogReference> ShowAsync(EventSubscriptionSummary? initial, Func<EventWebhookForm, Task<object>> save) =>
        _host.ShowAsync("Event webhook", new DialogParameters<EventWebhookDialog>
        {
            { d => d.Initial, initial },
            { d => d.OnSave, form => { _forms.Add(form); return save(form); } },
        });
}
