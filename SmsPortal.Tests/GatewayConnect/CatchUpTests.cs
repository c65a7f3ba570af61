using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Common;
using SmsPortal.GatewayConnect;
using SmsPortal.Outbound;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using SmsPortal.Tests.Infrastructure.FakeGatewayApis;
using static SmsPortal.Tests.Infrastructure.TestRules;

namespace SmsPortal.Tests.GatewayConnect;

/// <summary>Catching up after a gap: SMSGate re-sends a window, SmsPortal keeps exactly the messages it missed.</summary>
public sealed class CatchUpTests
{
    [Fact]
    public async Task CatchUp_AsksEachPhoneForTheWindow_StoresExactlyTheMissingOnes_RepliesHeldBack()
    {
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: false, requireHttps: false);
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        var connected = await kit.ConnectAsync(new ConnectRequest(GatewayType.SmsGate, fake.Url, fake.Username, fake.Password));
        await app.AddRuleAsync(kit.Workspace, Rule("hello", [FirstWord("hello")], new ReplyAction("Hi! We'll get back to you.")));
        var now = DateTimeOffset.UtcNow;
        var (phone1, phone2) = (fake.Devices[0].Id, fake.Devices[1].Id);
        await fake.ReceiveAsync(phone1, "a1", "+15550000001", "hello one", now.AddHours(-3));
        await fake.ReceiveAsync(phone1, "a2", "+15550000002", "hello two", now.AddHours(-2));
        await fake.ReceiveAsync(phone2, "b1", "+15550000003", "hello three", now.AddHours(-1));
        await fake.ReceiveAsync(phone1, "a3", "+15550000004", "hello missed", now.AddMinutes(-90), online: false);
        await fake.ReceiveAsync(phone2, "b2", "+15550000005", "hello missed too", now.AddMinutes(-30), online: false);
        await fake.ReceiveAsync(phone2, "b0", "+15550000006", "hello too old", now.AddHours(-8), online: false);
        await app.WaitUntilProcessedAsync(kit.Workspace, 3);
        var repliesBefore = (await app.OutboxAsync(kit.Workspace)).Count;

        var started = await app.Services.GetRequiredService<CatchUpService>()
            .RequestAsync(kit.Workspace.WorkspaceId, kit.Owner, TimeSpan.FromHours(6), sendReplies: false);

        var asked = fake.ResendRequests.ToList();
        Assert.Equal(new[] { phone1, phone2 }.Order(), asked.Select(r => r.DeviceId!).Order());
        Assert.All(asked, r => Assert.Equal(TimeSpan.FromHours(6), r.Until - r.Since));
        Assert.All(asked, r => Assert.InRange(r.Until, now.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.All(asked, r => Assert.Equal("inbox/refresh", r.Route));
        var service = app.Services.GetRequiredService<CatchUpService>();
        await Eventually.TrueAsync(async () => (await service.SummaryAsync(kit.Workspace.WorkspaceId, started.RunId))!.Resent == 5, "the five re-sent messages are counted");
        var summary = (await service.SummaryAsync(kit.Workspace.WorkspaceId, started.RunId))!;
        Assert.Equal("5 re-sent, 3 already here, 2 new", summary.Text);
        var messages = await kit.MessagesAsync(connected.EndpointId);
        Assert.Equal(["hello missed", "hello missed too", "hello one", "hello three", "hello two"], messages.Select(m => m.Text).Order());
        Assert.Equal(["hello missed", "hello missed too"], messages.Where(m => m.HoldReplies).Select(m => m.Text).Order());
        await app.WaitUntilProcessedAsync(kit.Workspace, 5);
        Assert.Equal(repliesBefore, (await app.OutboxAsync(kit.Workspace)).Count);
    }

    [Fact]
    public async Task CatchUp_OlderServer_FallsBackToInboxExport_AndRepliesWhenAskedTo()
    {
        await using var fake = await FakeSmsGateApi.StartAsync(cloudServer: false, requireHttps: false);
        fake.RefreshRouteMissing = true;
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);
        await kit.ConnectAsync(new ConnectRequest(GatewayType.SmsGate, fake.Url, fake.Username, fake.Password));
        await app.AddRuleAsync(kit.Workspace, Rule("hello", [FirstWord("hello")], new ReplyAction("Hi!")));
        await fake.ReceiveAsync(fake.Devices[0].Id, "a1", "+15550000001", "hello missed", DateTimeOffset.UtcNow.AddMinutes(-20), online: false);

        await app.Services.GetRequiredService<CatchUpService>().RequestAsync(kit.Workspace.WorkspaceId, kit.Owner, TimeSpan.FromHours(1), sendReplies: true);

        Assert.All(fake.ResendRequests, r => Assert.Equal("messages/inbox/export", r.Route));
        await app.WaitUntilProcessedAsync(kit.Workspace, 1);
        Assert.Single(await app.OutboxAsync(kit.Workspace));
    }

    [Fact]
    public async Task CatchUp_WithoutSmsGate_SaysWhy()
    {
        await using var app = new TestApp();
        var kit = await ConnectKit.StartAsync(app);

        var error = await Assert.ThrowsAsync<UserInputException>(() =>
            app.Services.GetRequiredService<CatchUpService>().RequestAsync(kit.Workspace.WorkspaceId, kit.Owner, TimeSpan.FromHours(6), sendReplies: false));

        Assert.Contains("needs a connected SMSGate", error.Message);
    }
}
