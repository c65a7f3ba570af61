using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.Outbound;

/// <summary>Saved credentials never follow the gateway to a new scheme, host or port.</summary>
public sealed class GatewayCredentialsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly PortalAppFactory _app = fixture.App;

    [Fact]
    public async Task Save_NewHostWithCredentialsLeftEmpty_RefusedAndSavedPasswordNeverUsedThere()
    {
        var (endpoint, owner, gateways) = await SavedAsync();

        var error = await Assert.ThrowsAsync<UserInputException>(() => gateways.SaveAsync(endpoint.WorkspaceId, owner, Input("http://127.0.0.2:8001/", "")));

        Assert.StartsWith(GatewaySettingsService.CredentialsClearedNotice, error.Message);
        Assert.Equal("http://127.0.0.1:8001/", (await gateways.GetAsync(endpoint.WorkspaceId)).BaseUrl);
    }

    [Theory]
    [InlineData("https://127.0.0.1:8001/")]
    [InlineData("http://127.0.0.1:8002/")]
    [InlineData("http://localhost:8001/")]
    public async Task Save_NewOriginWithNewPassword_OnlyTheNewPasswordKept(string moved)
    {
        var (endpoint, owner, gateways) = await SavedAsync();

        await gateways.SaveAsync(endpoint.WorkspaceId, owner, Input(moved, "new-password"));

        Assert.Equal("new-password", (await gateways.EffectiveAsync(endpoint.WorkspaceId)).Password);
    }

    [Fact]
    public async Task Save_SameOriginOtherPath_SavedPasswordKept()
    {
        var (endpoint, owner, gateways) = await SavedAsync();

        await gateways.SaveAsync(endpoint.WorkspaceId, owner, Input("http://127.0.0.1:8001/api/v2", ""));

        Assert.Equal("saved-password", (await gateways.EffectiveAsync(endpoint.WorkspaceId)).Password);
    }

    /// <summary>A workspace whose SMSGate gateway at 127.0.0.1:8001 has a saved password.</summary>
    private async Task<(TestEndpoint, SmsPortal.Audit.Actor, GatewaySettingsService)> SavedAsync()
    {
        var endpoint = await _app.CreateEndpointAsync();
        var owner = await _app.OwnerAsync(endpoint);
        var gateways = _app.Services.GetRequiredService<GatewaySettingsService>();
        await gateways.SaveAsync(endpoint.WorkspaceId, owner, Input("http://127.0.0.1:8001/", "saved-password"));
        return (endpoint, owner, gateways);
    }

    private static GatewaySettingsInput Input(string baseUrl, string password) =>
        new(GatewayType.SmsGate, baseUrl, "sms-user", null, null, null, null, null, null, password, null);
}
