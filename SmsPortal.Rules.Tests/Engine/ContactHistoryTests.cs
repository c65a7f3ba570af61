using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Engine;

public sealed class ContactHistoryTests
{
    private static RuleDefinition Once(string id) => Rule(id) with { Options = new RuleOptions { OncePerContact = true } };

    private static RuleDefinition Cooldown(string id, TimeSpan cooldown) => Rule(id) with { Options = new RuleOptions { Cooldown = cooldown } };

    [Fact]
    public void OncePerContact_NeverFired_Fires()
    {
        // Act
        var fired = Fired(Compile(Once("welcome")), Fact("hi", Contact(history: new() { ["other"] = Noon })));

        // Assert
        Assert.Equal(["welcome"], fired);
    }

    [Fact]
    public void OncePerContact_FiredBefore_DoesNotFireAgain()
    {
        // Act
        var fired = Fired(Compile(Once("welcome"), Rule("next")), Fact("hi", Contact(history: new() { ["welcome"] = Noon.AddYears(-1) })));

        // Assert
        Assert.Equal(["next"], fired);
    }

    [Theory]
    [InlineData(59, false)]
    [InlineData(60, true)]
    [InlineData(600, true)]
    public void Cooldown_LastFired_FiresOnlyAfterCooldown(int minutesAgo, bool expected)
    {
        // Arrange
        var set = Compile(Cooldown("promo", TimeSpan.FromHours(1)));
        var fact = Fact("hi", Contact(history: new() { ["promo"] = Noon.AddMinutes(-minutesAgo) }), receivedAt: Noon);

        // Act
        var fired = Fired(set, fact);

        // Assert
        Assert.Equal(expected, fired.Length == 1);
    }

    [Fact]
    public void Cooldown_NeverFired_Fires()
    {
        // Act
        var fired = Fired(Compile(Cooldown("promo", TimeSpan.FromDays(1))), Fact("hi"));

        // Assert
        Assert.Equal(["promo"], fired);
    }

    [Fact]
    public void OncePerContact_SuppressedStoppingRule_DoesNotStopLaterRules()
    {
        // Arrange
        var stopper = Rule("stopper") with { Options = new RuleOptions { OncePerContact = true, StopProcessing = true } };
        var set = Compile(stopper, Rule("after"));

        // Act
        var first = Fired(set, Fact("hi"));
        var second = Fired(set, Fact("hi", Contact(history: new() { ["stopper"] = Noon.AddDays(-1) })));

        // Assert
        Assert.Equal(["stopper"], first);
        Assert.Equal(["after"], second);
    }
}
