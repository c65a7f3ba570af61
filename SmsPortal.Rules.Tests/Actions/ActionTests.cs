using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Actions;

public sealed class ActionTests
{
    [Fact]
    public void Evaluate_EveryActionKind_ResolvesInAuthoringOrder()
    {
        // Arrange
        var rule = Rule("r", new FirstWordIsCondition(Keywords("help"))) with
        {
            Name = "Everything",
            Actions =
            [
                new ReplyAction("Hi {{contact.name}}"),
                new OptOutAction(),
                new OptInAction(),
                new AddTagAction(" lead "),
                new RemoveTagAction("cold"),
                new OpenTicketAction("Help request from {{contact.number}}"),
                new ForwardToUrlAction("https://example.com/hook"),
                new NotifyTeamAction("Sales", "{{contact.name}} needs {{keyword}}"),
                new NotifyTeamAction(),
                new StopAction(),
            ],
        };

        // Act
        var activation = Assert.Single(Compile(rule).Evaluate(Fact("help me please")).Activations);

        // Assert
        Assert.Equal(
            [
                new ResolvedAction(ActionKind.Reply, "Hi Thandi"),
                new ResolvedAction(ActionKind.OptOut),
                new ResolvedAction(ActionKind.OptIn),
                new ResolvedAction(ActionKind.AddTag, Tag: "lead"),
                new ResolvedAction(ActionKind.RemoveTag, Tag: "cold"),
                new ResolvedAction(ActionKind.OpenTicket, "Help request from +27820000001"),
                new ResolvedAction(ActionKind.ForwardToUrl, Url: new Uri("https://example.com/hook")),
                new ResolvedAction(ActionKind.NotifyTeam, "Thandi needs help", Team: "Sales"),
                new ResolvedAction(ActionKind.NotifyTeam),
                new ResolvedAction(ActionKind.Stop),
            ],
            activation.Actions);
        Assert.True(activation.HasReply);
        Assert.True(activation.StopsProcessing);
        Assert.Equal("Everything", activation.RuleName);
    }

    [Fact]
    public void HasReply_NoReplyAction_IsFalse()
    {
        // Arrange
        var rule = Rule("r") with { Actions = [new AddTagAction("seen")] };

        // Act
        var activation = Assert.Single(Compile(rule).Evaluate(Fact("hello")).Activations);

        // Assert
        Assert.False(activation.HasReply);
        Assert.False(activation.Actions[0].IsReply);
    }

    [Theory]
    [InlineData("ftp://example.com/x")]
    [InlineData("/relative/path")]
    [InlineData("not a url")]
    public void Compile_ForwardToNonHttpUrl_IsRejected(string url)
    {
        // Arrange
        var rule = Rule("r") with { Actions = [new ForwardToUrlAction(url)] };

        // Act
        var error = Assert.Single(Errors(rule));

        // Assert
        Assert.Equal("actions[0].url", error.Field);
    }

    [Fact]
    public void Evaluate_ForwardToRegisteredWebhook_ResolvesWithItsId()
    {
        // Arrange
        var rule = Rule("r") with { Actions = [new ForwardToUrlAction("https://crm.example.com/hooks") { WebhookId = "ewh_abc-123" }] };

        // Act
        var action = Assert.Single(Assert.Single(Compile(rule).Evaluate(Fact("hello")).Activations).Actions);

        // Assert
        Assert.Equal(new ResolvedAction(ActionKind.ForwardToUrl, Url: new Uri("https://crm.example.com/hooks")) { WebhookId = "ewh_abc-123" }, action);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ewh_a b")]
    [InlineData("ewh_ä")]
    public void Compile_ForwardWithMalformedWebhookId_IsRejected(string webhookId)
    {
        // Arrange
        var rule = Rule("r") with { Actions = [new ForwardToUrlAction("https://crm.example.com/hooks") { WebhookId = webhookId }] };

        // Act
        var error = Assert.Single(Errors(rule));

        // Assert
        Assert.Equal("actions[0].webhookId", error.Field);
    }

    [Fact]
    public void Compile_NoActionsAndEmptyTag_ReportEachRule()
    {
        // Arrange
        var noActions = Rule("a") with { Actions = [] };
        var emptyTag = Rule("b") with { Actions = [new RemoveTagAction("")] };

        // Act
        var errors = Errors(noActions, emptyTag);

        // Assert
        Assert.Equal([("a", "actions"), ("b", "actions[0].tag")], errors.Select(e => (e.RuleId, e.Field)));
    }
}
