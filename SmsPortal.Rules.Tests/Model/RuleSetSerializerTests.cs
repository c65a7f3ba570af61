using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Model;

public sealed class RuleSetSerializerTests
{
    private static RuleSetDocument SampleDocument() => new()
    {
        Rules =
        [
            new RuleDefinition
            {
                Id = "r1",
                Name = "Price list",
                Description = "Answers price questions",
                Priority = 5,
                Conditions =
                [
                    new AnyCondition([new FirstWordIsCondition([new Keyword("price", ["cost"])]) { IgnoreAccents = true }, new MatchesRegexCondition(@"^\d+$")]),
                    new NotCondition(new HasTagCondition("blocked")),
                    new BusinessHoursCondition(true, [DayOfWeek.Monday, DayOfWeek.Friday], new TimeOnly(8, 30), new TimeOnly(17, 0), "Africa/Johannesburg"),
                    new EndpointIsCondition(["ep-1"]),
                    new IsNewContactCondition(),
                ],
                Actions = [new ReplyAction("Hi {{contact.name}}"), new AddTagAction("lead"), new NotifyTeamAction("Sales"), new StopAction()],
                Options = new RuleOptions { OncePerContact = true, Cooldown = TimeSpan.FromMinutes(30) },
            },
        ],
        Compliance = new ComplianceSettings { OptOutReply = "Bye", ExtraOptOutKeywords = ["baja"] },
    };

    [Fact]
    public void Serialize_Document_WritesCamelCaseWithTypeDiscriminatorsAndSchemaVersion()
    {
        // Act
        var json = RuleSetSerializer.Serialize(SampleDocument());

        // Assert
        Assert.Contains("\"schemaVersion\": 1", json);
        Assert.Contains("\"type\": \"firstWordIs\"", json);
        Assert.Contains("\"type\": \"businessHours\"", json);
        Assert.Contains("\"monday\"", json);
        Assert.Contains("\"type\": \"reply\"", json);
        Assert.Contains("\"oncePerContact\": true", json);
        Assert.Contains("\"extraOptOutKeywords\"", json);
    }

    [Fact]
    public void Deserialize_SerializedDocument_RoundTripsToEquivalentRules()
    {
        // Arrange
        var original = SampleDocument();

        // Act
        var json = RuleSetSerializer.Serialize(original);
        var copy = RuleSetSerializer.Deserialize(json);

        // Assert
        Assert.Equal(json, RuleSetSerializer.Serialize(copy));
        var rule = Assert.Single(copy.Rules);
        Assert.IsType<AnyCondition>(rule.Conditions[0]);
        Assert.Equal(new TimeOnly(8, 30), Assert.IsType<BusinessHoursCondition>(rule.Conditions[2]).From);
        Assert.Equal(TimeSpan.FromMinutes(30), rule.Options.Cooldown);
        Assert.Equal("Bye", copy.Compliance.OptOutReply);
    }

    [Fact]
    public void Deserialize_HandWrittenJson_CompilesAndEvaluates()
    {
        // Arrange
        const string json = """
            {
              "schemaVersion": 1,
              "rules": [
                { "id": "hours", "name": "Hours", "priority": 1,
                  "conditions": [ { "type": "containsWord", "keywords": [ { "value": "hours", "synonyms": ["open"] } ] } ],
                  "actions": [ { "type": "reply", "template": "We are open 8-5, {{contact.name}}." } ] }
              ]
            }
            """;

        // Act
        var set = SmsPortal.Rules.Compilation.RuleCompiler.Compile(RuleSetSerializer.Deserialize(json));
        var activation = Assert.Single(set.Evaluate(Fact("are you open today?")).Activations);

        // Assert
        Assert.Equal("We are open 8-5, Thandi.", activation.Actions[0].Text);
    }

    [Theory]
    [InlineData("""{ "type": "forwardToUrl", "url": "https://old.example.com/hook" }""", null)]
    [InlineData("""{ "type": "forwardToUrl", "url": "https://crm.example.com/hooks", "webhookId": "ewh_k3y" }""", "ewh_k3y")]
    public void Deserialize_ForwardWithAndWithoutWebhookId_RoundTripsUnchanged(string action, string? webhookId)
    {
        // Arrange
        var json = $$"""{"schemaVersion":1,"rules":[{"id":"f","name":"F","conditions":[{"type":"isNewContact"}],"actions":[{{action}}]}]}""";

        // Act
        var document = RuleSetSerializer.Deserialize(json);
        var again = RuleSetSerializer.Serialize(document);

        // Assert
        var forward = Assert.IsType<ForwardToUrlAction>(Assert.Single(Assert.Single(document.Rules).Actions));
        Assert.Equal(webhookId, forward.WebhookId);
        Assert.Equal(webhookId is not null, again.Contains("\"webhookId\"", StringComparison.Ordinal));
        Assert.Equal(forward, Assert.Single(Assert.Single(RuleSetSerializer.Deserialize(again).Rules).Actions));
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 2, "rules": [] }""", "Unsupported rule set schema version 2")]
    [InlineData("""{ "rules": [] }""", "no numeric 'schemaVersion'")]
    [InlineData("""[]""", "no numeric 'schemaVersion'")]
    [InlineData("""{ "schemaVersion": 1, "rules": [ { "id": "a", "name": "A", "conditions": [ { "type": "telepathy" } ] } ] }""", "not valid")]
    [InlineData("""{ "schemaVersion": 1, "rules": [ { "name": "A" } ] }""", "not valid")]
    [InlineData("""{ "schemaVersion": 1, """, "not valid")]
    public void Deserialize_BadDocument_ThrowsClearFormatError(string json, string expected)
    {
        // Act
        var exception = Assert.Throws<RuleSetFormatException>(() => RuleSetSerializer.Deserialize(json));

        // Assert
        Assert.Contains(expected, exception.Message);
    }
}
