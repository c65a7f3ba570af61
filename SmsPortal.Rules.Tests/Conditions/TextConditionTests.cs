using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Conditions;

public sealed class TextConditionTests
{
    [Theory]
    [InlineData("price please", true)]
    [InlineData("  PRICE? ", true)]
    [InlineData("Cost of delivery", true)]
    [InlineData("what is the price", false)]
    [InlineData("pricey", false)]
    [InlineData("", false)]
    public void FirstWordIs_Message_MatchesFirstWordOrSynonym(string text, bool expected)
    {
        // Arrange
        var condition = new FirstWordIsCondition([new Keyword("price", ["cost"])]);

        // Act
        var passes = Passes(condition, text);

        // Assert
        Assert.Equal(expected, passes);
    }

    [Theory]
    [InlineData("Opening hours", true)]
    [InlineData(" opening hours!! ", true)]
    [InlineData("opening hours please", false)]
    [InlineData("hours", true)]
    public void MessageIs_Message_MatchesWholeNormalisedMessage(string text, bool expected)
    {
        // Arrange
        var condition = new MessageIsCondition([new Keyword("opening hours", ["hours"])]);

        // Act
        var passes = Passes(condition, text);

        // Assert
        Assert.Equal(expected, passes);
    }

    [Theory]
    [InlineData("where is my ORDER?", true)]
    [InlineData("order", true)]
    [InlineData("my parcel hasn't arrived", true)]
    [InlineData("reorder", false)]
    [InlineData("orders", false)]
    public void ContainsWord_Message_MatchesAnyWholeWord(string text, bool expected)
    {
        // Arrange
        var condition = new ContainsWordCondition([new Keyword("order", ["parcel"])]);

        // Act
        var passes = Passes(condition, text);

        // Assert
        Assert.Equal(expected, passes);
    }

    [Theory]
    [InlineData("Can I speak to a human, please?", true)]
    [InlineData("speak to a HUMAN", true)]
    [InlineData("speak to a humanoid", false)]
    [InlineData("a human to speak", false)]
    public void ContainsPhrase_Message_MatchesPhraseOnWordBoundaries(string text, bool expected)
    {
        // Arrange
        var condition = new ContainsPhraseCondition(["speak to a human"]);

        // Act
        var passes = Passes(condition, text);

        // Assert
        Assert.Equal(expected, passes);
    }

    [Theory]
    [InlineData("Book a table for 2", true)]
    [InlineData("booking", false)]
    [InlineData("I want to book", false)]
    public void StartsWith_Message_MatchesNormalisedPrefix(string text, bool expected)
    {
        // Arrange
        var condition = new StartsWithCondition(["book a"]);

        // Act
        var passes = Passes(condition, text);

        // Assert
        Assert.Equal(expected, passes);
    }

    [Theory]
    [InlineData(true, "café", true)]
    [InlineData(true, "CAFE", true)]
    [InlineData(false, "café", false)]
    [InlineData(false, "cafe", true)]
    public void IgnoreAccents_Option_ControlsAccentSensitivity(bool ignoreAccents, string text, bool expected)
    {
        // Arrange
        var condition = new FirstWordIsCondition(Keywords("cafe")) { IgnoreAccents = ignoreAccents };

        // Act
        var passes = Passes(condition, text);

        // Assert
        Assert.Equal(expected, passes);
    }

    [Fact]
    public void IgnoreAccents_AccentedKeyword_MatchesUnaccentedMessage()
    {
        // Arrange
        var condition = new ContainsWordCondition(Keywords("Crème")) { IgnoreAccents = true };

        // Act
        var passes = Passes(condition, "any creme left?");

        // Assert
        Assert.True(passes);
    }

    [Fact]
    public void Keyword_Synonym_RendersCanonicalKeyword()
    {
        // Arrange
        var rule = Rule("r", new ContainsWordCondition([new Keyword("Price", ["cost", "pricing"])])) with
        {
            Actions = [new ReplyAction("You asked about {{keyword}}")],
        };
        var set = Compile(rule);

        // Act
        var activation = Assert.Single(set.Evaluate(Fact("what does it cost")).Activations);

        // Assert
        Assert.Equal("Price", activation.Keyword);
        Assert.Equal("You asked about Price", activation.Actions[0].Text);
    }
}
