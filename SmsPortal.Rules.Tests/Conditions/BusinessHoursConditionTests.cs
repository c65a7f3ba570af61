using SmsPortal.Rules.Model;
using static SmsPortal.Rules.Tests.RuleTestData;

namespace SmsPortal.Rules.Tests.Conditions;

public sealed class BusinessHoursConditionTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static BusinessHoursCondition Hours(bool inside, string zone = "Africa/Johannesburg") =>
        new(inside, Weekdays, new TimeOnly(8, 0), new TimeOnly(17, 0), zone);

    [Theory]
    [InlineData("2026-11-24T06:00:00Z", true)]  // Tue 08:00 SAST: opening time is inclusive
    [InlineData("2026-11-24T14:59:59Z", true)]  // Tue 16:59:59 SAST
    [InlineData("2026-11-24T15:00:00Z", false)] // Tue 17:00 SAST: closing time is exclusive
    [InlineData("2026-11-24T05:59:00Z", false)] // Tue 07:59 SAST
    [InlineData("2026-11-28T10:00:00Z", false)] // Saturday
    public void Inside_ReceiveTime_UsesTheRuleTimeZone(string receivedAt, bool expected)
    {
        // Act
        var passes = Passes(Hours(inside: true), Fact("hi", receivedAt: DateTimeOffset.Parse(receivedAt)));

        // Assert
        Assert.Equal(expected, passes);
    }

    [Theory]
    [InlineData("2026-11-24T10:00:00Z", false)]
    [InlineData("2026-11-28T10:00:00Z", true)]
    public void Outside_ReceiveTime_IsTheNegationOfInside(string receivedAt, bool expected)
    {
        // Act
        var passes = Passes(Hours(inside: false), Fact("hi", receivedAt: DateTimeOffset.Parse(receivedAt)));

        // Assert
        Assert.Equal(expected, passes);
    }

    [Fact]
    public void Inside_DaylightSavingZone_ConvertsWithTheOffsetOfThatDate()
    {
        // Arrange: New York is UTC-4 in July and UTC-5 in January; 12:30 UTC is 08:30 in July and 07:30 in January.
        var condition = new BusinessHoursCondition(true, Weekdays, new TimeOnly(8, 0), new TimeOnly(17, 0), "America/New_York");

        // Act
        var july = Passes(condition, Fact("hi", receivedAt: new DateTimeOffset(2026, 7, 14, 12, 30, 0, TimeSpan.Zero)));
        var january = Passes(condition, Fact("hi", receivedAt: new DateTimeOffset(2026, 1, 13, 12, 30, 0, TimeSpan.Zero)));

        // Assert
        Assert.True(july);
        Assert.False(january);
    }

    [Theory]
    [InlineData("2026-11-27T21:00:00Z", true)]  // Fri 23:00 SAST, hours started Friday
    [InlineData("2026-11-28T01:00:00Z", true)]  // Sat 03:00 SAST, still Friday's night shift
    [InlineData("2026-11-28T21:00:00Z", false)] // Sat 23:00 SAST, Saturday is not a business day
    [InlineData("2026-11-27T12:00:00Z", false)] // Fri 14:00 SAST
    public void Inside_OvernightHours_CrossMidnight(string receivedAt, bool expected)
    {
        // Arrange
        var condition = new BusinessHoursCondition(true, Weekdays, new TimeOnly(22, 0), new TimeOnly(6, 0), "Africa/Johannesburg");

        // Act
        var passes = Passes(condition, Fact("hi", receivedAt: DateTimeOffset.Parse(receivedAt)));

        // Assert
        Assert.Equal(expected, passes);
    }

    [Fact]
    public void Compile_InvalidHours_ReportsEveryProblem()
    {
        // Arrange
        var condition = new BusinessHoursCondition(true, [], new TimeOnly(9, 0), new TimeOnly(9, 0), "Mars/Olympus_Mons");

        // Act
        var errors = Errors(Rule("r", condition));

        // Assert
        Assert.Equal(["conditions[0].days", "conditions[0].to", "conditions[0].timeZone"], errors.Select(e => e.Field));
        Assert.Contains("Mars/Olympus_Mons", errors[2].Message);
    }
}
