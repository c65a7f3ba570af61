using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.GatewayConnect;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.Infrastructure.FakeGatewayApis;

namespace SmsPortal.Tests.GatewayConnect;

/// <summary>Connecting SMSGate through its 3rd-party API, against a fake of that API on loopback.</summary>
public sealed class SmsGateConnectTests
{
    private static readonly DateTimeOffset Received = DateTimeOffset.UtcNow.AddMinutes(-1).ToOffset(TimeSpan.FromHours(2));

    private static ConnectRequest Request(FakeSmsGateApi fake) => new(GatewayType.SmsGate, fake.Url, fake.Username, fake.Password);

    [Fact]
    public async Task Connect_PrivateServer_RegistersWebhooksAndKey_ThenSignedSmsReachesInbox()
    {
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: false, requireHttps: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);

        var result = await kit.ConnectAsync(Request(fake));

        var hook = app.BaseUrl.TrimEnd('/') + "/hooks/sms/" + result.EndpointId;
        Assert.Equal(["sms:delivered", "sms:failed", "sms:received", "sms:sent"], fake.Webhooks.Values.Select(w => w.Event).Order());
        Assert.All(fake.Webhooks.Values, w => Assert.Equal(hook, w.Url));
        Assert.True(result.SigningKeySet);
        Assert.Empty(result.ManualSteps);
        Assert.Null(result.Secret);
        Assert.Equal(fake.OwnNumber, result.PhoneNumber);
        Assert.Equal(await kit.SecretAsync(result.EndpointId), fake.SigningKey);
        Assert.Equal(EndpointFormat.SmsGate, (await kit.Endpoints.FindAsync(kit.Workspace.WorkspaceId, result.EndpointId))!.Format);
        var gateway = await app.Services.GetRequiredService<GatewaySettingsService>().EffectiveAsync(kit.Workspace.WorkspaceId);
        Assert.Equal((GatewayType.SmsGate, fake.Username, fake.Password), (gateway.Type, gateway.Username, gateway.Password));

        await fake.ReceiveAsync(fake.Devices[0].Id, "m-1", "+15550001111", "Is the shop open?", Received);

        Assert.Equal(HttpStatusCode.OK, fake.Posted.Single().Status);
        var message = Assert.Single(await kit.WaitForMessagesAsync(result.EndpointId, 1));
        Assert.Equal(("+15550001111", "Is the shop open?", fake.Devices[0].Id), (message.From, message.Text, message.DeviceId));
        Assert.Equal(message.Id, (await kit.Connector.FirstTextAsync(kit.Workspace.WorkspaceId, result.EndpointId, result.ConnectedAt))!.MessageId);
    }

    [Fact]
    public async Task Connect_Cloud_RefusesKeyThroughApi_SaysWhereToPasteIt()
    {
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: true, requireHttps: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);

        var result = await kit.ConnectAsync(Request(fake));

        Assert.False(result.SigningKeySet);
        Assert.Contains("Settings → Webhooks → Signing Key", Assert.Single(result.ManualSteps));
        Assert.Equal(await kit.SecretAsync(result.EndpointId), result.Secret);
        Assert.Null(fake.SigningKey);
        Assert.Equal(4, fake.Webhooks.Count);

        fake.SigningKey = result.Secret;
        await fake.ReceiveAsync(fake.Devices[0].Id, "m-1", "+15550001111", "hello", Received);
        Assert.Single(await kit.WaitForMessagesAsync(result.EndpointId, 1));
    }

    [Fact]
    public async Task Connect_CloudRefusesPlainHttpHook_ErrorQuotesItAndNoEndpointIsLeft()
    {
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: true, requireHttps: true);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);

        var error = await Assert.ThrowsAsync<UserInputException>(() => kit.ConnectAsync(Request(fake)));

        Assert.Contains("url must start with https://", error.Message);
        Assert.Single(await kit.Endpoints.ListAsync(kit.Workspace.WorkspaceId));
        Assert.Null(await kit.Connector.FindAsync(kit.Workspace.WorkspaceId, GatewayType.SmsGate));
    }

    [Fact]
    public async Task Connect_WrongPassword_SaysSoAndSavesNothing()
    {
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: false, requireHttps: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);

        var error = await Assert.ThrowsAsync<UserInputException>(() => kit.ConnectAsync(Request(fake) with { Password = "wrong" }));

        Assert.Contains("401", error.Message);
        Assert.Contains("Check the credentials", error.Message);
        Assert.Single(await kit.Endpoints.ListAsync(kit.Workspace.WorkspaceId));
        Assert.True((await app.Services.GetRequiredService<GatewaySettingsService>().GetAsync(kit.Workspace.WorkspaceId)).UsesInstallationGateway);
    }

    [Fact]
    public async Task Rotate_PrivateServer_UpdatesKeyAtGatewayInSameStep_PreviousKeyStillAcceptedInGrace()
    {
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: false, requireHttps: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        var result = await kit.ConnectAsync(Request(fake));
        var previous = fake.SigningKey;

        var rotated = await kit.Endpoints.RotateAsync(kit.Workspace.WorkspaceId, kit.Owner, result.EndpointId, TimeSpan.FromHours(1));

        Assert.Equal(rotated.Secret, fake.SigningKey);
        Assert.Contains("SmsGate now signs with the new secret", Assert.Single(rotated.GatewayNotes!));
        fake.SigningKey = previous;
        await fake.ReceiveAsync(fake.Devices[0].Id, "m-old-key", "+15550001111", "signed with the previous key", Received);
        Assert.Equal(HttpStatusCode.OK, fake.Posted.Last().Status);
    }

    [Fact]
    public async Task Rotate_Cloud_KeepsRotationAndSaysWhereToPasteTheNewKey()
    {
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: true, requireHttps: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        var result = await kit.ConnectAsync(Request(fake));

        var rotated = await kit.Endpoints.RotateAsync(kit.Workspace.WorkspaceId, kit.Owner, result.EndpointId, TimeSpan.FromHours(1));

        Assert.Contains("paste the new secret in the app", Assert.Single(rotated.GatewayNotes!));
        Assert.Equal(rotated.Secret, await kit.SecretAsync(result.EndpointId));
    }

    [Fact]
    public async Task SameMessageIdFromTwoDevices_IsTwoMessages()
    {
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: false, requireHttps: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        var result = await kit.ConnectAsync(Request(fake));

        await fake.ReceiveAsync(fake.Devices[0].Id, "1a2b3c", "+15550001111", "see you at 5", Received);
        await fake.ReceiveAsync(fake.Devices[1].Id, "1a2b3c", "+15550001111", "see you at 5", Received);

        var messages = await kit.WaitForMessagesAsync(result.EndpointId, 2);
        Assert.Equal(fake.Devices.Select(d => d.Id).Order(), messages.Select(m => m.DeviceId!).Order());
    }

    [Fact]
    public async Task Health_ReportsServiceDevicesAndLastInbound_AndUnreachableGateway()
    {
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: false, requireHttps: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        var result = await kit.ConnectAsync(Request(fake));
        await fake.ReceiveAsync(fake.Devices[0].Id, "m-1", "+15550001111", "hi", Received);
        await kit.WaitForMessagesAsync(result.EndpointId, 1);
        var health = app.Services.GetRequiredService<PhoneHealthService>();

        var healthy = Assert.Single(await health.GetAsync(kit.Workspace.WorkspaceId));
        fake.Healthy = false;
        var failing = Assert.Single(await health.GetAsync(kit.Workspace.WorkspaceId));
        await fake.DisposeAsync();
        var gone = Assert.Single(await health.GetAsync(kit.Workspace.WorkspaceId));

        Assert.Equal((true, "pass"), (healthy.Reachable, healthy.ServiceStatus));
        Assert.Equal(2, healthy.Devices.Count);
        Assert.Equal(Received.UtcDateTime, healthy.Devices.Single(d => d.Id == fake.Devices[0].Id).LastInbound!.Value.UtcDateTime, TimeSpan.FromMilliseconds(1));
        Assert.Null(healthy.Devices.Single(d => d.Id == fake.Devices[1].Id).LastInbound);
        Assert.NotNull(healthy.Devices[0].LastSeen);
        Assert.Equal("fail", failing.ServiceStatus);
        Assert.False(gone.Reachable);
        Assert.Contains("unreachable", gone.Problem);
    }
}
