using Bunit;
using Microsoft.AspNetCore.Components;
using SmsPortal.Common;
using SmsPortal.Settings.Pages;
using SmsPortal.Outbound;

using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Settings.Pages;

public sealed class GatewaySettingsFormTests : IAsyncLifetime
{
    private readonly BunitContext _context = new BunitContext().AddPortalDefaults();
    private readonly List<GatewaySettingsInput> _saved = [];

    public Task InitializeAsync()
    {
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void Render_SavedSmsGateGateway_ShowsItsFieldsAndHidesThePassword()
    {
        var form = Render(new GatewaySettingsView(false, GatewayType.SmsGate, null, "sms-user", null, null, null, null, null, false, true, false));

        Assert.Contains(form.FindAll("input"), input => input.GetAttribute("value") == "sms-user");
        Assert.Contains("Saved (hidden). Leave empty to keep it; a new scheme, host or port in the Base URL clears it.", form.Markup);
        Assert.DoesNotContain("Device ID", form.Markup);
        Assert.DoesNotContain("Auth token", form.Markup);
    }

    [Fact]
    public async Task Save_ServiceRefuses_MessageShownNothingLost()
    {
        var form = Render(new GatewaySettingsView(true, GatewayType.None, null, null, null, null, null, null, null, false, false, false),
            _ => throw new UserInputException("DeviceId is required for textbee."));

        await form.FindAll("button").Single(b => b.TextContent.Contains("Save gateway")).ClickAsync(new());

        Assert.Equal("DeviceId is required for textbee.", form.Find("[data-testid=gateway-error]").TextContent);
    }

    [Fact]
    public async Task Save_Valid_PassesTypeAndFieldsToTheService()
    {
        var form = Render(new GatewaySettingsView(false, GatewayType.SmsGate, "https://sms.example.test", "u", null, null, null, null, null, false, true, false));

        await form.FindAll("button").Single(b => b.TextContent.Contains("Save gateway")).ClickAsync(new());

        var saved = Assert.Single(_saved);
        Assert.Equal((GatewayType.SmsGate, "https://sms.example.test", "u", (string?)null), (saved.Type, saved.BaseUrl, saved.Username, saved.Password));
    }

    private IRenderedComponent<GatewaySettingsForm> Render(GatewaySettingsView current, Func<GatewaySettingsInput, Task>? save = null) =>
        _context.Render<GatewaySettingsForm>(p => p
            .Add(f => f.Current, current)
            .Add(f => f.OnSave, save ?? (input =>
            {
                _saved.Add(input);
                return Task.CompletedTask;
            })));
}
