using System.Collections.Frozen;
using SmsPortal.Rules.Engine;

namespace SmsPortal.Rules.Conditions;

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
