using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Model;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.RuleSets;

/// <summary><c>GET /rules/export.json</c> over HTTP, signed in through the real login form.</summary>
public sealed class RulesApiTests : IAsyncLifetime
{
    private readonly TestApp _app = new();
    private RuleService _rules = default!;

    public Task InitializeAsync()
    {
        _app.StartServer();
        _rules = _app.Services.GetRequiredService<RuleService>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Export_NotSignedIn_RedirectsToLogin()
    {
        var client = _app.CreateClient();

        var response = await client.GetAsync("/rules/export.json");

        Assert.Equal("/Account/Login", response.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Export_SignedIn_ReturnsOwnWorkspaceDocumentThatReimports()
    {
        var mine = await _app.CreateEndpointAsync();
        var theirs = await _app.CreateEndpointAsync();
        await _rules.SaveAsync(mine.WorkspaceId, Rule("mine"), Actor.Cli());
        await _rules.SaveAsync(theirs.WorkspaceId, Rule("theirs"), Actor.Cli());
        await _rules.SaveComplianceAsync(mine.WorkspaceId, new ComplianceSettings { HelpReply = "Call 555" }, Actor.Cli());
        var client = await PortalSignIn.SignInAsync(_app, mine.Email);

        var response = await client.GetAsync("/rules/export.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var json = await response.Content.ReadAsStringAsync();
        var document = RuleSetSerializer.Deserialize(json);
        Assert.Equal(1, document.SchemaVersion);
        Assert.Equal(["mine"], document.Rules.Select(r => r.Id));
        Assert.Equal("Call 555", document.Compliance.HelpReply);

        var fresh = await _app.CreateEndpointAsync();
        await _rules.ImportAsync(fresh.WorkspaceId, json, Actor.Cli());
        Assert.Equal(["mine"], (await _rules.ListAsync(fresh.WorkspaceId)).Select(r => r.Definition.Id));
    }

    private static RuleDefinition Rule(string id) => new()
    {
        Id = id,
        Name = id,
        Conditions = [new FirstWordIsCondition([new Keyword(id)])],
        Actions = [new ReplyAction("Hello {{contact.name}}")],
    };
}
