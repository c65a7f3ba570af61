using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Rules.Model;
using SmsPortal.Outbound;
using SmsPortal.Tests.Infrastructure;
using static SmsPortal.Tests.Infrastructure.MessagingApp;

namespace SmsPortal.Tests.Outbound;

/// <summary>By default only the installation's first workspace sends through the installation's gateway.</summary>
public sealed class SharedGatewayTests
{
    [Fact]
    public async Task DefaultPolicy_FirstWorkspaceSendsLaterOnesWaitUntilAllowed()
    {
        await using var messaging = await MessagingApp.StartAsync(settings: new() { ["Outbound:SharedGatewayFor"] = SharedGatewayOptions.First });
        var first = await messaging.App.CreateEndpointAsync();
        var later = await messaging.App.CreateEndpointAsync();
        foreach (var endpoint in new[] { first, later })
        {
            await messaging.AddRuleAsync(endpoint, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));
        }

        await messaging.SendAsync(first, "sg-1", "price");
        await messaging.SendAsync(later, "sg-2", "price");
        await messaging.WaitUntilProcessedAsync(later, 1);

        await messaging.Gateway.WaitForAsync(g => g.Accepted.Count == 1, "the first workspace's reply leaves");
        await Task.Delay(1500);
        Assert.Single(messaging.Gateway.Accepted);
        Assert.Equal(OutboundStatus.Queued, (await messaging.OutboxAsync(later)).Single().Status);
        var gateways = messaging.App.Services.GetRequiredService<GatewaySettingsService>();
        Assert.Equal(GatewayType.None, (await gateways.GetAsync(later.WorkspaceId)).Type);
        Assert.Equal(GatewayType.Generic, (await gateways.GetAsync(first.WorkspaceId)).Type);
    }

    [Fact]
    public async Task Policy_ListsTheLaterWorkspace_ItSendsToo()
    {
        await using var messaging = await MessagingApp.StartAsync(settings: new() { ["Outbound:SharedGatewayFor"] = SharedGatewayOptions.First });
        await messaging.App.CreateEndpointAsync();
        var later = await messaging.App.CreateEndpointAsync();
        await messaging.AddRuleAsync(later, Rule("price", [FirstWord("price")], new ReplyAction("Prices: $5")));
        var configuration = (Microsoft.Extensions.Configuration.IConfigurationRoot)messaging.App.Services.GetService(typeof(Microsoft.Extensions.Configuration.IConfiguration))!;
        configuration["Outbound:SharedGatewayFor"] = $"First, {later.WorkspaceId}";
        configuration.Reload();

        await messaging.SendAsync(later, "sg-3", "price");

        await messaging.Gateway.WaitForAsync(g => g.Accepted.Count == 1, "the listed workspace's reply leaves");
    }
}
