using System.Collections.Frozen;
using System.Text.RegularExpressions;
using SmsPortal.Rules.Conditions;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using SmsPortal.Rules.Text;

namespace SmsPortal.Rules.Compilation;

/// <summary>Validates conditions and compiles them to <see cref="CompiledCondition"/> nodes.</summary>
internal static partial class ConditionCompiler
{
    /// <summary>
    /// Match timeout on top of NonBacktracking (already linear in the input, and an SMS is short). It is wall-clock
    /// time, so it must be far above what a thread waiting for a core on a busy machine can lose: at 100 ms a loaded
    /// node treated matching texts as misses and answered them wrongly.
    /// </summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    internal const int MaxRegexLength = 1000;

    public static CompiledCondition[] CompileList(IReadOnlyList<Condition>? conditions, string field, ErrorSink errors)
    {
        if (conditions is null)
        {
            return [];
        }

        var compiled = new List<CompiledCondition>(conditions.Count);
        for (var i = 0; i < conditions.Count; i++)
        {
            var node = Compile(conditions[i], $"{field}[{i}]", errors);
            if (node is not null)
            {
                compiled.Add(node);
            }
        }

        return compiled.ToArray();
    }

    public static CompiledCondition? Compile(Condition? condition, string field, ErrorSink errors)
    {
        switch (condition)
        {
            case null:
                errors.Add(field, "the condition is missing");
                return null;
            case AllCondition all:
                return new AllNode(field, CompileChildren(all.Conditions, field, errors, allowEmpty: true));
            case AnyCondition any:
                return new AnyNode(field, CompileChildren(any.Conditions, field, errors, allowEmpty: false));
            case NotCondition not:
                var child = Compile(not.Condition, $"{field}.condition", errors);
                return child is null ? null : new NotNode(field, child);
            case FirstWordIsCondition c:
                return Keywords(c.Keywords, field, c.IgnoreAccents, singleWord: true, errors) is { } m1 ? new FirstWordIsNode(field, m1, c.IgnoreAccents) : null;
            case MessageIsCondition c:
                return Keywords(c.Keywords, field, c.IgnoreAccents, singleWord: false, errors) is { } m2 ? new MessageIsNode(field, m2, c.IgnoreAccents) : null;
            case ContainsWordCondition c:
                return Keywords(c.Keywords, field, c.IgnoreAccents, singleWord: true, errors) is { } m3 ? new ContainsWordNode(field, m3, c.IgnoreAccents) : null;
            case ContainsPhraseCondition c:
                return Texts(c.Phrases, $"{field}.phrases", c.IgnoreAccents, errors) is { } phrases ? new ContainsPhraseNode(field, phrases, c.IgnoreAccents) : null;
            case StartsWithCondition c:
                return Texts(c.Prefixes, $"{field}.prefixes", c.IgnoreAccents, errors) is { } prefixes ? new StartsWithNode(field, prefixes, c.IgnoreAccents) : null;
            case MatchesRegexCondition c:
                return CompileRegex(c, field, errors) is { } regex ? new RegexNode(field, regex) : null;
            case SenderIsCondition c:
                return Numbers(c.Numbers, $"{field}.numbers", errors) is { } numbers ? new SenderIsNode(field, numbers.ToFrozenSet(StringComparer.Ordinal)) : null;
            case SenderStartsWithCondition c:
                return Numbers(c.Prefixes, $"{field}.prefixes", errors) is { } numberPrefixes ? new SenderStartsWithNode(field, numberPrefixes) : null;
            case HasTagCondition c:
                return Tag(c.Tag, field, errors) is { } hasTag ? new TagNode(field, hasTag, expectPresent: true) : null;
            case LacksTagCondition c:
                return Tag(c.Tag, field, errors) is { } lacksTag ? new TagNode(field, lacksTag, expectPresent: false) : null;
            case IsNewContactCondition:
                return new IsNewContactNode(field);
            case IsOptedOutCondition:
                return new IsOptedOutNode(field);
            case BusinessHoursCondition c:
                return CompileBusinessHours(c, field, errors);
            case EndpointIsCondition c:
                return NonEmptyStrings(c.EndpointIds, $"{field}.endpointIds", "endpoint id", errors) is { } endpoints
                    ? new EndpointIsNode(field, endpoints.ToFrozenSet(StringComparer.Ordinal))
                    : null;
            default:
                errors.Add(field, $"unsupported condition type {condition.GetType().Name}");
                return null;
        }
    }

    private static CompiledCondition[] CompileChildren(IReadOnlyList<Condition>? children, string field, ErrorSink errors, bool allowEmpty)
    {
        if (children is null || (children.Count == 0 && !allowEmpty))
        {
            errors.Add($"{field}.conditions", "at least one condition is required");
            return [];
        }

        return CompileList(children, $"{field}.conditions", errors);
    }
}
