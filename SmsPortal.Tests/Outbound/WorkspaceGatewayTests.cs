using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Outbound;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.MessagingApp;

namespace SmsPortal.Tests.Outbound;

/// <summary>A workspace's own gateway, set in the portal, over the installation's.</summary>
public sealed class WorkspaceGatewayTests
{
    [Fact]
    public async Task OwnGateway_WithoutInstallationGateway_RepliesLeaveThroughItOthersStayQueued()
    {
        await using var messaging = await MessagingApp.StartAsync(configureGateway: false);
        var mine = await messaging.App.CreateEndpointAsync();
        var theirs = await messaging.App.CreateEndpointAsync();
        foreach (var endpoint in new[] { mine, theirs })
        {
            await messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));
        }
        var gateways = messaging.App.Services.GetRequiredService<GatewaySettingsService>();

        await gateways.SaveAsync(mine.WorkspaceId, await messaging.App.OwnerAsync(mine),
            new GatewaySettingsInput(GatewayType.Generic, messaging.Gateway.Url, null, null, null, null, null, null, "ws-secret-key-123", null, null));
        await messaging.SendAsync(mine, "w-1", "price");
        await messaging.SendAsync(theirs, "w-2", "price");

        await messaging.Gateway.WaitForAsync(g => g.Accepted.Count == 1, "my reply leaves through my gateway");
        Assert.Equal("Bearer ws-secret-key-123", messaging.Gateway.Requests.Single().Headers["Authorization"]);
        await messaging.WaitUntilProcessedAsync(theirs, 1);
        Assert.Equal(OutboundStatus.Queued, (await messaging.OutboxAsync(theirs)).Single().Status);
    }

    [Fact]
    public async Task Save_Credentials_EncryptedAtRestMaskedOnReadKeptWhenLeftEmptyAndAudited()
    {
        await using var messaging = await MessagingApp.StartAsync(configureGateway: false);
        var endpoint = await messaging.App.CreateEndpointAsync();
        var gateways = messaging.App.Services.GetRequiredService<GatewaySettingsService>();
        var actor = await messaging.App.OwnerAsync(endpoint);

        await gateways.SaveAsync(endpoint.WorkspaceId, actor, new GatewaySettingsInput(GatewayType.SmsGate, null, "sms-user", null, null, null, null, null, null, "very-secret-password", null));
        await gateways.SaveAsync(endpoint.WorkspaceId, actor, new GatewaySettingsInput(GatewayType.SmsGate, null, "sms-user-2", null, null, null, null, null, null, "", null));
        var view = await gateways.GetAsync(endpoint.WorkspaceId);
        var effective = await gateways.EffectiveAsync(endpoint.WorkspaceId);

        Assert.False(view.UsesInstallationGateway);
        Assert.True(view.HasPassword);
        Assert.Equal(("sms-user-2", "very-secret-password"), (effective.Username, effective.Password));
        await using var db = messaging.App.CreateDbContext();
        var row = await db.WorkspaceGateways.SingleAsync(g => g.WorkspaceId == endpoint.WorkspaceId);
        Assert.DoesNotContain("very-secret-password", row.ProtectedSecrets);
        var audit = await db.AuditLog.Where(a => a.WorkspaceId == endpoint.WorkspaceId && a.Action == GatewaySettingsService.SettingsSaved).ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.DoesNotContain("secret", a.Detail ?? ""));
    }

    [Fact]
    public async Task Save_MissingRequiredSetting_ClearErrorNothingSaved()
    {
        await using var messaging = await MessagingApp.StartAsync(configureGateway: false);
        var endpoint = await messaging.App.CreateEndpointAsync();
        var gateways = messaging.App.Services.GetRequiredService<GatewaySettingsService>();

        var error = await Assert.ThrowsAsync<UserInputException>(() => gateways.SaveAsync(endpoint.WorkspaceId, Actor.Cli(),
            new GatewaySettingsInput(GatewayType.Textbee, null, null, null, null, null, null, null, "key", null, null)));

        Assert.Contains("DeviceId", error.Message);
        Assert.True((await gateways.GetAsync(endpoint.WorkspaceId)).UsesInstallationGateway);
    }
}
