using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Actions;

public sealed class MessageTemplateTests
{
    [Fact]
    public void Render_AllPlaceholders_SubstitutesFactValues()
    {
        // Arrange
        var rule = Rule("r", new FirstWordIsCondition(Keywords("Price"))) with
        {
            Actions = [new ReplyAction("Hi {{contact.name}} ({{ contact.number }}), you sent '{{message.text}}' about {{keyword}}.")],
        };

        // Act
        var activation = Assert.Single(Compile(rule).Evaluate(Fact("price list?", Contact(number: "+27820000009", name: "Sipho"))).Activations);

        // Assert
        Assert.Equal("Hi Sipho (+27820000009), you sent 'price list?' about Price.", activation.Actions[0].Text);
    }

    [Fact]
    public void Render_UnknownContactNameAndNoKeyword_RendersEmpty()
    {
        // Arrange
        var rule = Rule("r") with { Actions = [new ReplyAction("Hi {{contact.name}}!{{keyword}}")] };

        // Act
        var activation = Assert.Single(Compile(rule).Evaluate(Fact("hello", Contact(name: null))).Activations);

        // Assert
        Assert.Equal("Hi !", activation.Actions[0].Text);
    }

    [Fact]
    public void Render_ConstantTemplate_ReturnsTemplateText()
    {
        // Arrange
        var rule = Rule("r") with { Actions = [new ReplyAction("We open at 8.")] };

        // Act
        var activation = Assert.Single(Compile(rule).Evaluate(Fact("hello")).Activations);

        // Assert
        Assert.Equal("We open at 8.", activation.Actions[0].Text);
    }

    [Theory]
    [InlineData("Hello {{contact.firstName}}", "unknown placeholder '{{contact.firstName}}'")]
    [InlineData("Hello {{contact.name", "is not closed")]
    [InlineData("Hello }} there", "unexpected '}}'")]
    [InlineData("Hello {{}}", "unknown placeholder")]
    [InlineData("   ", "empty")]
    public void Compile_InvalidReplyTemplate_ReportsFieldAndProblem(string template, string expected)
    {
        // Arrange
        var rule = Rule("r") with { Actions = [new AddTagAction("x"), new ReplyAction(template)] };

        // Act
        var errors = Errors(rule);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("actions[1].template", error.Field);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Compile_UnknownPlaceholderInTicketSubject_IsRejected()
    {
        // Arrange
        var rule = Rule("r") with { Actions = [new OpenTicketAction("Ticket for {{customer}}")] };

        // Act
        var error = Assert.Single(Errors(rule));

        // Assert
        Assert.Equal("actions[0].subjectTemplate", error.Field);
    }
}
