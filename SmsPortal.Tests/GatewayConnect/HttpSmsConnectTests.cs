using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.GatewayConnect;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.Infrastructure.FakeGatewayApis;

namespace SmsPortal.Tests.GatewayConnect;

/// <summary>Connecting httpSMS through its API, against a fake of that API on loopback.</summary>
public sealed class HttpSmsConnectTests
{
    [Fact]
    public async Task Connect_StoresWebhookWithKeyForThePhone_ThenSignedSmsReachesInbox_RotationReplacesTheKey()
    {
        await using var fake = await FakeHttpSmsApi.StartAsync();
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);

        var result = await kit.ConnectAsync(new ConnectRequest(GatewayType.HttpSms, fake.Url, ApiKey: fake.ApiKey));

        var hook = Assert.Single(fake.Webhooks.Values);
        Assert.Equal(app.BaseUrl.TrimEnd('/') + "/hooks/sms/" + result.EndpointId, hook.Url);
        Assert.Equal(await kit.SecretAsync(result.EndpointId), hook.SigningKey);
        Assert.Equal([fake.PhoneNumber], hook.PhoneNumbers);
        Assert.Contains("message.phone.received", hook.Events);
        Assert.Contains("message.send.failed", hook.Events);
        Assert.Equal(fake.PhoneNumber, result.PhoneNumber);
        var gateway = await app.Services.GetRequiredService<GatewaySettingsService>().EffectiveAsync(kit.Workspace.WorkspaceId);
        Assert.Equal((GatewayType.HttpSms, fake.PhoneNumber), (gateway.Type, gateway.From));

        await fake.ReceiveAsync("+15550004444", "Table for two?", DateTimeOffset.UtcNow.AddSeconds(-2));
        Assert.Equal(HttpStatusCode.OK, fake.Posted.Single().Status);
        Assert.Equal("Table for two?", Assert.Single(await kit.WaitForMessagesAsync(result.EndpointId, 1)).Text);

        var rotated = await kit.Endpoints.RotateAsync(kit.Workspace.WorkspaceId, kit.Owner, result.EndpointId, TimeSpan.FromHours(1));
        Assert.Equal(rotated.Secret, Assert.Single(fake.Webhooks.Values).SigningKey);
        await fake.ReceiveAsync("+15550004444", "Signed with the new key", DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.OK, fake.Posted.Last().Status);
    }

    [Fact]
    public async Task Health_ReportsThePhonesLastHeartbeat()
    {
        await using var fake = await FakeHttpSmsApi.StartAsync();
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        await kit.ConnectAsync(new ConnectRequest(GatewayType.HttpSms, fake.Url, ApiKey: fake.ApiKey));

        var health = Assert.Single(await app.Services.GetRequiredService<PhoneHealthService>().GetAsync(kit.Workspace.WorkspaceId));

        var phone = Assert.Single(health.Devices);
        Assert.Equal(fake.PhoneNumber, phone.Name);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 45, 0, TimeSpan.Zero), phone.LastSeen);
    }
}
