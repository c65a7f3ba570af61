using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.GatewayConnect;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.Infrastructure.FakeGatewayApis;
using SmsPortal.Webhooks;

namespace SmsPortal.Tests.GatewayConnect;

/// <summary>Connecting textbee through its API, and the guard against its duplicates under new ids (textbee #159).</summary>
public sealed class TextbeeConnectTests
{
    private static ConnectRequest Request(FakeTextbeeApi fake) => new(GatewayType.Textbee, fake.Url, ApiKey: fake.ApiKey);

    [Fact]
    public async Task Connect_SubscribesWithSecretAndEvents_FillsTheDevice_ThenSignedSmsReachesInbox()
    {
        await using var fake = await FakeTextbeeApi.StartAsync(refusePrivateUrls: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);

        var result = await kit.ConnectAsync(Request(fake));

        var subscription = Assert.Single(fake.Subscriptions.Values);
        Assert.Equal(app.BaseUrl.TrimEnd('/') + "/hooks/sms/" + result.EndpointId, subscription.DeliveryUrl);
        Assert.Equal(await kit.SecretAsync(result.EndpointId), subscription.SigningSecret);
        Assert.Equal(["MESSAGE_DELIVERED", "MESSAGE_FAILED", "MESSAGE_RECEIVED", "MESSAGE_SENT"], subscription.Events.Order());
        Assert.True(result.SigningKeySet);
        var gateway = await app.Services.GetRequiredService<GatewaySettingsService>().EffectiveAsync(kit.Workspace.WorkspaceId);
        Assert.Equal((GatewayType.Textbee, fake.DeviceIds[0], fake.ApiKey), (gateway.Type, gateway.DeviceId, gateway.ApiKey));

        await fake.ReceiveAsync("+15550002222", "Do you deliver?", DateTimeOffset.UtcNow.AddSeconds(-5));

        Assert.Equal(HttpStatusCode.OK, fake.Posted.Single().Status);
        Assert.Equal("Do you deliver?", Assert.Single(await kit.WaitForMessagesAsync(result.EndpointId, 1)).Text);
    }

    [Fact]
    public async Task ConnectTwice_UpdatesTheSameSubscription()
    {
        await using var fake = await FakeTextbeeApi.StartAsync(refusePrivateUrls: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);

        var first = await kit.ConnectAsync(Request(fake));
        var second = await kit.ConnectAsync(Request(fake));

        Assert.Equal(first.EndpointId, second.EndpointId);
        Assert.Single(fake.Subscriptions);
        Assert.Equal(2, (await kit.Endpoints.ListAsync(kit.Workspace.WorkspaceId)).Count);
    }

    [Fact]
    public async Task Rotate_UpdatesTheSubscriptionsSigningSecret()
    {
        await using var fake = await FakeTextbeeApi.StartAsync(refusePrivateUrls: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        var result = await kit.ConnectAsync(Request(fake));

        var rotated = await kit.Endpoints.RotateAsync(kit.Workspace.WorkspaceId, kit.Owner, result.EndpointId, TimeSpan.FromHours(24));

        Assert.Equal(rotated.Secret, Assert.Single(fake.Subscriptions.Values).SigningSecret);
        Assert.Contains("now signs with the new secret", Assert.Single(rotated.GatewayNotes!));
        await fake.ReceiveAsync("+15550002222", "after rotation", DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.OK, fake.Posted.Last().Status);
    }

    [Fact]
    public async Task Connect_HostedServiceRefusesLoopbackUrl_ErrorQuotesIt()
    {
        await using var fake = await FakeTextbeeApi.StartAsync(refusePrivateUrls: true);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);

        var error = await Assert.ThrowsAsync<UserInputException>(() => kit.ConnectAsync(Request(fake)));

        Assert.Equal("textbee refused to save the webhook subscription: 400 Delivery URL host is not allowed.", error.Message);
    }

    [Fact]
    public async Task SameSmsTwiceWithNewIds_IsOneMessage_RecordedAsDuplicate()
    {
        await using var fake = await FakeTextbeeApi.StartAsync(refusePrivateUrls: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        var result = await kit.ConnectAsync(Request(fake));

        await fake.ReceiveAsync("+15550002222", "Where is my order?", DateTimeOffset.UtcNow.AddSeconds(-3), notifications: 2);

        Assert.All(fake.Posted, p => Assert.Equal(HttpStatusCode.OK, p.Status));
        var message = Assert.Single(await kit.WaitForMessagesAsync(result.EndpointId, 1));
        var duplicate = await WaitForLogAsync(app, result.EndpointId, DeliveryOutcome.Duplicate);
        Assert.Equal(message.Id, duplicate.MessageId);
        Assert.Contains("a repeat under a new gateway id", duplicate.Detail);
        Assert.NotEqual(message.ExternalId, duplicate.ExternalId);
    }

    [Fact]
    public async Task SameSmsTwiceWithNewIds_SwitchOff_IsTwoMessages()
    {
        await using var fake = await FakeTextbeeApi.StartAsync(refusePrivateUrls: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        var result = await kit.ConnectAsync(Request(fake));
        await kit.Endpoints.SetKeepRepeatedTextsAsync(kit.Workspace.WorkspaceId, kit.Owner, result.EndpointId, keep: true);

        await fake.ReceiveAsync("+15550003333", "POS 52.5200,13.4050", DateTimeOffset.UtcNow.AddSeconds(-3), notifications: 2);

        Assert.Equal(2, (await kit.WaitForMessagesAsync(result.EndpointId, 2)).Count);
    }

    private static async Task<DeliveryLogEntry> WaitForLogAsync(TestApp app, string endpointId, DeliveryOutcome outcome)
    {
        DeliveryLogEntry? entry = null;
        await Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            entry = await db.DeliveryLog.FirstOrDefaultAsync(e => e.EndpointId == endpointId && e.Outcome == outcome);
            return entry is not null;
        }, $"a {outcome} delivery is logged");
        return entry!;
    }
}
