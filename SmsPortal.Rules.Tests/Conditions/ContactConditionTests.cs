using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Conditions;

public sealed class ContactConditionTests
{
    [Theory]
    [InlineData("+27 82 000-0001", true)]
    [InlineData("+27820000001", true)]
    [InlineData("+27820000002", false)]
    public void SenderIs_Number_IgnoresFormatting(string sender, bool expected)
    {
        // Arrange
        var condition = new SenderIsCondition(["+27 (82) 000 0001"]);

        // Act
        var passes = Passes(condition, Fact("hi", Contact(number: sender)));

        // Assert
        Assert.Equal(expected, passes);
    }

    [Theory]
    [InlineData("+27820000001", true)]
    [InlineData("+44 7700 900000", true)]
    [InlineData("+1 555 0100", false)]
    public void SenderStartsWith_Prefix_MatchesAnyPrefix(string sender, bool expected)
    {
        // Arrange
        var condition = new SenderStartsWithCondition(["+27", "+44"]);

        // Act
        var passes = Passes(condition, Fact("hi", Contact(number: sender)));

        // Assert
        Assert.Equal(expected, passes);
    }

    [Fact]
    public void Compile_SenderNumberWithLetters_ReportsField()
    {
        // Act
        var errors = Errors(Rule("r", new SenderIsCondition(["+27820000001", "call me"])));

        // Assert
        Assert.Equal("conditions[0].numbers[1]", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData(new[] { "VIP", "wholesale" }, true)]
    [InlineData(new[] { "vip" }, true)]
    [InlineData(new[] { "wholesale" }, false)]
    [InlineData(new string[0], false)]
    public void HasTag_ContactTags_MatchesCaseInsensitively(string[] tags, bool expected)
    {
        // Arrange
        var condition = new HasTagCondition("Vip");

        // Act
        var passes = Passes(condition, Fact("hi", Contact(tags: tags)));

        // Assert
        Assert.Equal(expected, passes);
    }

    [Theory]
    [InlineData(new[] { "VIP" }, false)]
    [InlineData(new[] { "wholesale" }, true)]
    public void LacksTag_ContactTags_IsTheNegationOfHasTag(string[] tags, bool expected)
    {
        // Arrange
        var condition = new LacksTagCondition("vip");

        // Act
        var passes = Passes(condition, Fact("hi", Contact(tags: tags)));

        // Assert
        Assert.Equal(expected, passes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IsNewContact_FirstMessage_FollowsContactFact(bool isNew)
    {
        // Act
        var passes = Passes(new IsNewContactCondition(), Fact("hi", Contact(isNew: isNew)));

        // Assert
        Assert.Equal(isNew, passes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IsOptedOut_ContactState_FollowsContactFact(bool optedOut)
    {
        // Act
        var passes = Passes(new IsOptedOutCondition(), Fact("hi", Contact(optedOut: optedOut)));

        // Assert
        Assert.Equal(optedOut, passes);
    }

    [Theory]
    [InlineData("ep-1", true)]
    [InlineData("ep-3", true)]
    [InlineData("ep-2", false)]
    public void EndpointIs_Endpoint_MatchesListedEndpoints(string endpoint, bool expected)
    {
        // Arrange
        var condition = new EndpointIsCondition(["ep-1", "ep-3"]);

        // Act
        var passes = Passes(condition, Fact("hi", endpoint: endpoint));

        // Assert
        Assert.Equal(expected, passes);
    }

    [Fact]
    public void Compile_EmptyTagAndEndpointList_ReportsEachField()
    {
        // Act
        var errors = Errors(Rule("r", new HasTagCondition(" "), new EndpointIsCondition([])));

        // Assert
        Assert.Equal(["conditions[0].tag", "conditions[1].endpointIds"], errors.Select(e => e.Field));
    }
}
