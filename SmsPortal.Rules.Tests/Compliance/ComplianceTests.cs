using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Compliance;

public sealed class ComplianceTests
{
    [Theory]
    [InlineData("STOP")]
    [InlineData("stop")]
    [InlineData(" Stop! ")]
    [InlineData("STOPALL")]
    [InlineData("Unsubscribe.")]
    [InlineData("cancel")]
    [InlineData("END")]
    [InlineData("quit")]
    [InlineData("revoke")]
    [InlineData("\"OptOut\"")]
    public void Evaluate_OptOutKeywordAsWholeMessage_OptsOut(string text)
    {
        // Arrange
        var set = Compile();

        // Act
        var activation = Assert.Single(set.Evaluate(Fact(text)).Activations);

        // Assert
        Assert.Equal(ComplianceKind.OptOut, activation.ComplianceKind);
        Assert.Equal(ComplianceKeywords.OptOutRuleId, activation.RuleId);
        Assert.Equal([ActionKind.OptOut, ActionKind.Reply], activation.Actions.Select(a => a.Kind));
        Assert.Equal(ComplianceKeywords.DefaultOptOutReply, activation.Actions[1].Text);
    }

    [Theory]
    [InlineData("STOP please")]
    [InlineData("please stop")]
    [InlineData("don't stop")]
    [InlineData("stopping")]
    [InlineData("stop stop")]
    [InlineData("s.t.o.p")]
    public void Evaluate_OptOutKeywordInsideLongerMessage_DoesNotOptOut(string text)
    {
        // Arrange
        var set = Compile();

        // Act
        var activations = set.Evaluate(Fact(text)).Activations;

        // Assert
        Assert.Empty(activations);
    }

    [Theory]
    [InlineData("START", ComplianceKind.OptIn)]
    [InlineData("yes!", ComplianceKind.OptIn)]
    [InlineData("Unstop", ComplianceKind.OptIn)]
    [InlineData("HELP", ComplianceKind.Help)]
    [InlineData("info?", ComplianceKind.Help)]
    public void Evaluate_OptInAndHelpKeywords_FireTheirComplianceRule(string text, ComplianceKind expected)
    {
        // Act
        var activation = Assert.Single(Compile().Evaluate(Fact(text)).Activations);

        // Assert
        Assert.Equal(expected, activation.ComplianceKind);
        Assert.True(activation.IsCompliance);
        Assert.True(activation.HasReply);
    }

    [Fact]
    public void Evaluate_OptInFromOptedOutContact_OptsIn()
    {
        // Act
        var activation = Assert.Single(Compile().Evaluate(Fact("start", Contact(optedOut: true))).Activations);

        // Assert
        Assert.Equal(ComplianceKind.OptIn, activation.ComplianceKind);
        Assert.Equal(ActionKind.OptIn, activation.Actions[0].Kind);
    }

    [Fact]
    public void Evaluate_ComplianceKeyword_FiresBeforeAndStopsUserRules()
    {
        // Arrange: a high-priority user rule that also matches "stop".
        var set = Compile(Rule("mine", new ContainsWordCondition(Keywords("stop"))) with { Priority = int.MaxValue });

        // Act
        var activations = set.Evaluate(Fact("Stop")).Activations;

        // Assert
        Assert.Equal([ComplianceKeywords.OptOutRuleId], activations.Select(a => a.RuleId));
    }

    [Fact]
    public void Evaluate_UserRuleOnLongerMessage_StillFires()
    {
        // Arrange
        var set = Compile(Rule("mine", new ContainsWordCondition(Keywords("stop"))));

        // Act
        var activations = set.Evaluate(Fact("STOP please")).Activations;

        // Assert
        Assert.Equal(["mine"], activations.Select(a => a.RuleId));
    }

    [Fact]
    public void Evaluate_CustomRepliesAndExtraKeywords_AreUsed()
    {
        // Arrange
        var settings = new ComplianceSettings
        {
            OptOutReply = "Bye {{contact.name}}, you sent {{keyword}}.",
            ExtraOptOutKeywords = ["ARRÊT", "baja"],
            ExtraOptInKeywords = ["alta"],
            ExtraHelpKeywords = ["ayuda"],
        };
        var set = Compile(settings);

        // Act
        var arret = Assert.Single(set.Evaluate(Fact("arret")).Activations);
        var baja = Assert.Single(set.Evaluate(Fact("Baja!")).Activations);
        var stop = Assert.Single(set.Evaluate(Fact("stop")).Activations);
        var alta = Assert.Single(set.Evaluate(Fact("alta")).Activations);
        var ayuda = Assert.Single(set.Evaluate(Fact("AYUDA")).Activations);

        // Assert
        Assert.Equal("Bye Thandi, you sent ARRÊT.", arret.Actions[1].Text);
        Assert.Equal(ComplianceKind.OptOut, baja.ComplianceKind);
        Assert.Equal("Bye Thandi, you sent STOP.", stop.Actions[1].Text);
        Assert.Equal(ComplianceKind.OptIn, alta.ComplianceKind);
        Assert.Equal(ComplianceKind.Help, ayuda.ComplianceKind);
    }

    [Fact]
    public void Compile_ExtraKeywordOfAnotherKind_IsRejected()
    {
        // Arrange: workspaces cannot turn STOP into an opt-in keyword (or otherwise remove a built-in).
        var settings = new ComplianceSettings { ExtraOptInKeywords = ["go", "Stop"], HelpReply = "{{oops}}" };

        // Act
        var errors = Assert.Throws<RuleCompilationException>(() => RuleCompiler.Compile([], settings)).Errors;

        // Assert
        Assert.Equal(["compliance.extraOptInKeywords[1]", "compliance.helpReply"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal("compliance", e.RuleId));
    }

    [Fact]
    public void Compile_NoUserRules_StillHasTheComplianceRules()
    {
        // Act
        var set = RuleCompiler.Compile([]);

        // Assert
        Assert.Equal([ComplianceKeywords.OptOutRuleId, ComplianceKeywords.OptInRuleId, ComplianceKeywords.HelpRuleId], set.Agenda);
    }
}
