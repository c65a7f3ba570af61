using System.Collections.Frozen;
using System.Text.RegularExpressions;
using SmsPortal.Rules.Engine;

namespace SmsPortal.Rules.Conditions;

/// <summary>Regex on the trimmed raw message. The regex is NonBacktracking with a match timeout; a timeout counts as "no match".</summary>
internal sealed class RegexNode(string field, Regex regex) : CompiledCondition(field, "matchesRegex")
{
    public Regex Regex => regex;

    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        try
        {
            return regex.IsMatch(context.TrimmedText);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    protected override string Explain(EvaluationContext context, bool passed)
    {
        if (passed)
        {
            return $"message matches /{regex}/";
        }

        try
        {
            regex.IsMatch(context.TrimmedText);
            return $"message does not match /{regex}/";
        }
        catch (RegexMatchTimeoutException)
        {
            return $"matching /{regex}/ timed out after {regex.MatchTimeout.TotalMilliseconds} ms; treated as no match";
        }
    }
}

internal sealed class EndpointIsNode(string field, FrozenSet<string> endpoints) : CompiledCondition(field, "endpointIs")
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        return endpoints.Contains(context.Fact.Message.EndpointId);
    }

    protected override string Explain(EvaluationContext context, bool passed) =>
        $"endpoint {Quote(context.Fact.Message.EndpointId)} {(passed ? "is" : "is not")} one of {List(endpoints)}";
}

/// <summary>Inside/outside business hours in an IANA time zone; hours with From &gt; To run overnight.</summary>
internal sealed class BusinessHoursNode(string field, bool inside, FrozenSet<DayOfWeek> days, TimeOnly from, TimeOnly to, TimeZoneInfo zone)
    : CompiledCondition(field, "businessHours")
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        return IsInside(context.Fact.Message.ReceivedAt) == inside;
    }

    internal bool IsInside(DateTimeOffset receivedAt)
    {
        var local = TimeZoneInfo.ConvertTime(receivedAt, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var day = local.DayOfWeek;
        if (from < to)
        {
            return days.Contains(day) && time >= from && time < to;
        }

        // Overnight: the part after midnight belongs to the previous day's business hours.
        var previousDay = (DayOfWeek)(((int)day + 6) % 7);
        return (days.Contains(day) && time >= from) || (days.Contains(previousDay) && time < to);
    }

    protected override string Explain(EvaluationContext context, bool passed)
    {
        var local = TimeZoneInfo.ConvertTime(context.Fact.Message.ReceivedAt, zone);
        var where = IsInside(context.Fact.Message.ReceivedAt) ? "inside" : "outside";
        return $"received {local:ddd HH:mm} {zone.Id}, {where} business hours ({string.Join(",", days.Order())} {from:HH\\:mm}-{to:HH\\:mm}); rule wants {(inside ? "inside" : "outside")}";
    }
}
