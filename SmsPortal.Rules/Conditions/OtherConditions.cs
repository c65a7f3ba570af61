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

internal sealed class SenderIsNode(string field, FrozenSet<string> numbers) : CompiledCondition(field, "senderIs")
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        return numbers.Contains(context.Sender);
    }

    protected override string Explain(EvaluationContext context, bool passed) =>
        $"sender {Quote(context.Sender)} {(passed ? "is" : "is not")} one of {List(numbers)}";
}

internal sealed class SenderStartsWithNode(string field, string[] prefixes) : CompiledCondition(field, "senderStartsWith")
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        foreach (var prefix in prefixes)
        {
            if (context.Sender.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    protected override string Explain(EvaluationContext context, bool passed) =>
        $"sender {Quote(context.Sender)} {(passed ? "starts" : "does not start")} with one of {List(prefixes)}";
}

internal sealed class TagNode(string field, string tag, bool expectPresent) : CompiledCondition(field, expectPresent ? "hasTag" : "lacksTag")
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        return HasTag(context) == expectPresent;
    }

    private bool HasTag(EvaluationContext context)
    {
        foreach (var candidate in context.Fact.Contact.Tags)
        {
            if (string.Equals(candidate, tag, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    protected override string Explain(EvaluationContext context, bool passed) =>
        $"contact {(HasTag(context) ? "has" : "does not have")} tag '{tag}'";
}

internal sealed class IsNewContactNode(string field) : CompiledCondition(field, "isNewContact")
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        return context.Fact.Contact.IsNew;
    }

    protected override string Explain(EvaluationContext context, bool passed) =>
        passed ? "this is the contact's first message" : "the contact has messaged before";
}

internal sealed class IsOptedOutNode(string field) : CompiledCondition(field, "isOptedOut")
{
    public override bool Evaluate(EvaluationContext context, out string? keyword)
    {
        keyword = null;
        return context.Fact.Contact.IsOptedOut;
    }

    protected override string Explain(EvaluationContext context, bool passed) =>
        passed ? "the contact is opted out" : "the contact is not opted out";
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
