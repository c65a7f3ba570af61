using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.RuleSets;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Model;
using SmsPortal.Team;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.RuleSets;

/// <summary>What the Rules pages add to <see cref="RuleService"/>, against the real app and a SQLite file.</summary>
public sealed class RuleServiceTests : IAsyncLifetime
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
    public async Task MoveAsync_UpAmongEqualPriority_SwapsFiringOrder()
    {
        var ws = (await _app.CreateEndpointAsync()).WorkspaceId;
        await SaveAsync(ws, "a", priority: 0);
        await SaveAsync(ws, "high", priority: 5);
        await SaveAsync(ws, "b", priority: 0);

        await _rules.MoveAsync(ws, "b", up: true, Actor.Cli());

        Assert.Equal(["high", "b", "a"], await FiringOrderAsync(ws));
    }

    [Fact]
    public async Task MoveAsync_PastDifferentPriority_RefusesAndChangesNothing()
    {
        var ws = (await _app.CreateEndpointAsync()).WorkspaceId;
        await SaveAsync(ws, "high", priority: 5);
        await SaveAsync(ws, "low", priority: 0);

        var error = await Assert.ThrowsAsync<UserInputException>(() => _rules.MoveAsync(ws, "low", up: true, Actor.Cli()));

        Assert.Contains("different priority", error.Message);
        Assert.Equal(["high", "low"], await FiringOrderAsync(ws));
    }

    [Fact]
    public async Task MoveAsync_RuleOfAnotherWorkspace_NotFound()
    {
        var mine = (await _app.CreateEndpointAsync()).WorkspaceId;
        var theirs = (await _app.CreateEndpointAsync()).WorkspaceId;
        await SaveAsync(theirs, "x", priority: 0);
        await SaveAsync(theirs, "y", priority: 0);

        await Assert.ThrowsAsync<UserInputException>(() => _rules.MoveAsync(mine, "y", up: true, Actor.Cli()));

        Assert.Equal(["x", "y"], await FiringOrderAsync(theirs));
    }

    [Fact]
    public async Task GetComplianceAsync_AfterSave_ReturnsThisWorkspacesSettingsOnly()
    {
        var mine = (await _app.CreateEndpointAsync()).WorkspaceId;
        var theirs = (await _app.CreateEndpointAsync()).WorkspaceId;

        await _rules.SaveComplianceAsync(mine, new ComplianceSettings { HelpReply = "Call us", ExtraOptOutKeywords = ["ARRET"] }, Actor.Cli());

        var saved = await _rules.GetComplianceAsync(mine);
        Assert.Equal("Call us", saved.HelpReply);
        Assert.Equal(["ARRET"], saved.ExtraOptOutKeywords);
        Assert.Null((await _rules.GetComplianceAsync(theirs)).HelpReply);
    }

    [Fact]
    public async Task RequireEditorAsync_Agent_Refused()
    {
        var ws = (await _app.CreateEndpointAsync()).WorkspaceId;
        var agent = await AgentActorAsync(ws);

        var error = await Assert.ThrowsAsync<UserInputException>(() => _rules.RequireEditorAsync(ws, agent));

        Assert.Contains("Owner or Admin", error.Message);
    }

    [Fact]
    public async Task RequireEditorAsync_OwnerOfThisWorkspace_Allowed_OwnerOfAnother_Refused()
    {
        var mine = await _app.CreateEndpointAsync();
        var theirs = (await _app.CreateEndpointAsync()).WorkspaceId;
        var owner = await ActorAsync(mine.Email);

        await _rules.RequireEditorAsync(mine.WorkspaceId, owner);

        await Assert.ThrowsAsync<UserInputException>(() => _rules.RequireEditorAsync(theirs, owner));
    }

    [Fact]
    public void ReadImport_InvalidRule_ThrowsWithFieldErrors()
    {
        var json = RuleSetSerializer.Serialize(new RuleSetDocument
        {
            Rules = [new RuleDefinition { Id = "r", Name = "Bad", Conditions = [new FirstWordIsCondition([])], Actions = [new ReplyAction("x")] }],
        });

        var error = Assert.Throws<RuleCompilationException>(() => RuleService.ReadImport(json));

        Assert.Equal("conditions[0].keywords", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void ReadImport_NotADocument_ThrowsUserInput()
    {
        Assert.Throws<UserInputException>(() => RuleService.ReadImport("{\"rules\": []}"));
    }

    [Fact]
    public async Task SaveAsync_DraftFromEditor_RoundTripsThroughStorage()
    {
        var ws = (await _app.CreateEndpointAsync()).WorkspaceId;
        var draft = new RuleDraft { Name = "Hours", Priority = 3, CooldownMinutes = 10 };
        var any = new ConditionDraft(ConditionKind.Any);
        any.Children.Add(new ConditionDraft(ConditionKind.BusinessHours) { Inside = false, TimeZone = "Africa/Johannesburg" });
        any.Children.Add(new ConditionDraft(ConditionKind.ContainsWord) { Values = "urgent = asap / now" });
        draft.Conditions.Add(any);
        draft.Actions.Add(new ActionDraft(SmsPortal.Rules.Actions.ActionKind.NotifyTeam) { Team = "Support", Text = "{{message.text}}" });
        var definition = draft.ToDefinition(out var draftErrors);
        Assert.Empty(draftErrors);

        await _rules.SaveAsync(ws, definition, Actor.Cli());

        var stored = Assert.Single(await _rules.ListAsync(ws)).Definition;
        Assert.Equal(RuleSetSerializer.SerializeRule(definition), RuleSetSerializer.SerializeRule(stored));
        var again = RuleDraft.From(stored).ToDefinition(out _);
        Assert.Equal(RuleSetSerializer.SerializeRule(definition), RuleSetSerializer.SerializeRule(again));
    }

    private async Task<Actor> AgentActorAsync(Guid workspaceId) => await ActorAsync(await PortalSignIn.AddAgentAsync(_app, workspaceId));

    private async Task<Actor> ActorAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return new Actor(user!.Id, email);
    }

    private Task SaveAsync(Guid workspaceId, string id, int priority) =>
        _rules.SaveAsync(workspaceId, new RuleDefinition
        {
            Id = id,
            Name = id,
            Priority = priority,
            Conditions = [new FirstWordIsCondition([new Keyword(id)])],
            Actions = [new ReplyAction(id)],
        }, Actor.Cli());

    private async Task<IReadOnlyList<string>> FiringOrderAsync(Guid workspaceId) =>
        (await _rules.ListAsync(workspaceId)).OrderByDescending(r => r.Definition.Priority).ThenBy(r => r.Position).Select(r => r.Definition.Id).ToList();
}
