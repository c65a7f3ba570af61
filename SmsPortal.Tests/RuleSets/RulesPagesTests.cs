using Microsoft.Extensions.DependencyInjection;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.RuleSets;

/// <summary>The Rules pages as Owners and Agents get them (server-rendered first response).</summary>
public sealed class RulesPagesTests : IAsyncLifetime
{
    private readonly TestApp _app = new();

    public Task InitializeAsync()
    {
        _app.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RulesPage_Agent_SeesRulesReadOnlyAndTheTestConsole()
    {
        var owner = await _app.CreateEndpointAsync();
        await _app.Services.GetRequiredService<RuleService>().SaveAsync(owner.WorkspaceId, new RuleDefinition
        {
            Id = "price",
            Name = "Price list",
            Conditions = [new FirstWordIsCondition([new Keyword("price")])],
            Actions = [new ReplyAction("Our prices")],
        }, SmsPortal.Audit.Actor.Cli());
        var agent = await PortalSignIn.SignInAsync(_app, await PortalSignIn.AddAgentAsync(_app, owner.WorkspaceId));

        var page = await agent.GetStringAsync("/rules");

        Assert.Contains("Price list", page);
        Assert.Contains("Test a message", page);
        Assert.DoesNotContain("New rule", page);
        Assert.DoesNotContain("Delete Price list", page);
        Assert.Contains("Test a message", await agent.GetStringAsync("/rules/test"));
    }

    [Fact]
    public async Task EditorRoutes_Agent_AreRefused()
    {
        var owner = await _app.CreateEndpointAsync();
        var agent = await PortalSignIn.SignInAsync(_app, await PortalSignIn.AddAgentAsync(_app, owner.WorkspaceId));

        var response = await agent.GetAsync("/rules/new");

        Assert.Equal("/Account/AccessDenied", response.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.DoesNotContain("Add condition", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RulesPage_Owner_OffersNewRule()
    {
        var owner = await _app.CreateEndpointAsync();
        var client = await PortalSignIn.SignInAsync(_app, owner.Email);

        Assert.Contains("New rule", await client.GetStringAsync("/rules"));
        var editor = await client.GetAsync("/rules/new");
        Assert.Equal("/rules/new", editor.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Contains("New rule · SmsPortal", await editor.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Export_Agent_GetsTheirWorkspacesRules()
    {
        var owner = await _app.CreateEndpointAsync();
        var agent = await PortalSignIn.SignInAsync(_app, await PortalSignIn.AddAgentAsync(_app, owner.WorkspaceId));

        var document = RuleSetSerializer.Deserialize(await agent.GetStringAsync("/rules/export.json"));

        Assert.Empty(document.Rules);
    }
}
