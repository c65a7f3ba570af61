using System.Collections.Frozen;
using System.Text.RegularExpressions;
using SmsPortal.Rules.Conditions;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using SmsPortal.Rules.Text;

namespace SmsPortal.Rules.Compilation;

/// <summary>Validates conditions and compiles them to <see cref="CompiledCondition"/> nodes.</summary>
internal static class ConditionCompiler
{
    /// <summary>Match timeout on top of NonBacktracking (which is already linear in the input).</summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

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

    /// <summary>Normalises keywords and synonyms into a matcher from variant to canonical keyword.</summary>
    internal static KeywordMatcher? Keywords(IReadOnlyList<Keyword>? keywords, string field, bool ignoreAccents, bool singleWord, ErrorSink errors)
    {
        field += ".keywords";
        if (keywords is null || keywords.Count == 0)
        {
            errors.Add(field, "at least one keyword is required");
            return null;
        }

        var before = errors.Count;
        var canonicalByVariant = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < keywords.Count; i++)
        {
            var keyword = keywords[i];
            if (keyword is null)
            {
                errors.Add($"{field}[{i}]", "the keyword is missing");
                continue;
            }

            var canonical = keyword.Value?.Trim() ?? string.Empty;
            AddVariant(keyword.Value, $"{field}[{i}].value");
            var synonyms = keyword.Synonyms ?? [];
            for (var j = 0; j < synonyms.Count; j++)
            {
                AddVariant(synonyms[j], $"{field}[{i}].synonyms[{j}]");
            }

            void AddVariant(string? variant, string variantField)
            {
                var normalized = NormalizedText.Normalize(variant, ignoreAccents);
                if (normalized.TokenCount == 0)
                {
                    errors.Add(variantField, "the keyword is empty (after removing spaces and punctuation)");
                }
                else if (singleWord && normalized.TokenCount > 1)
                {
                    errors.Add(variantField, $"'{variant}' has several words; this condition matches single words (use 'contains phrase' or 'message is')");
                }
                else
                {
                    canonicalByVariant.TryAdd(normalized.Text, canonical);
                }
            }
        }

        return errors.Count == before ? new KeywordMatcher(canonicalByVariant) : null;
    }

    private static string[]? Texts(IReadOnlyList<string>? values, string field, bool ignoreAccents, ErrorSink errors)
    {
        if (values is null || values.Count == 0)
        {
            errors.Add(field, "at least one value is required");
            return null;
        }

        var before = errors.Count;
        var result = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            result[i] = NormalizedText.Normalize(values[i], ignoreAccents).Text;
            if (result[i].Length == 0)
            {
                errors.Add($"{field}[{i}]", "the text is empty (after removing spaces and punctuation)");
            }
        }

        return errors.Count == before ? result : null;
    }

    private static string[]? Numbers(IReadOnlyList<string>? values, string field, ErrorSink errors)
    {
        var numbers = NonEmptyStrings(values, field, "number", errors);
        if (numbers is null)
        {
            return null;
        }

        var before = errors.Count;
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = PhoneNumbers.Normalize(numbers[i]);
            if (!numbers[i].AsSpan().TrimStart('+').ContainsOnlyDigits())
            {
                errors.Add($"{field}[{i}]", $"'{values![i]}' is not a phone number (digits, optionally starting with +)");
            }
        }

        return errors.Count == before ? numbers : null;
    }

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> span) => !span.IsEmpty && !span.ContainsAnyExceptInRange('0', '9');

    private static string[]? NonEmptyStrings(IReadOnlyList<string>? values, string field, string what, ErrorSink errors)
    {
        if (values is null || values.Count == 0)
        {
            errors.Add(field, $"at least one {what} is required");
            return null;
        }

        var before = errors.Count;
        var result = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                errors.Add($"{field}[{i}]", $"the {what} is empty");
            }

            result[i] = values[i]?.Trim() ?? string.Empty;
        }

        return errors.Count == before ? result : null;
    }

    private static string? Tag(string? tag, string field, ErrorSink errors)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            errors.Add($"{field}.tag", "the tag is empty");
            return null;
        }

        return tag.Trim();
    }

    private static Regex? CompileRegex(MatchesRegexCondition condition, string field, ErrorSink errors)
    {
        field += ".pattern";
        if (string.IsNullOrEmpty(condition.Pattern))
        {
            errors.Add(field, "the regular expression is empty");
            return null;
        }

        if (condition.Pattern.Length > MaxRegexLength)
        {
            errors.Add(field, $"the regular expression is longer than {MaxRegexLength} characters");
            return null;
        }

        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
        if (condition.IgnoreCase)
        {
            options |= RegexOptions.IgnoreCase;
        }

        try
        {
            return new Regex(condition.Pattern, options, RegexTimeout);
        }
        catch (NotSupportedException ex)
        {
            errors.Add(field, $"the regular expression uses a construct that cannot be evaluated safely (back-references, look-arounds, atomic or conditional groups are not allowed): {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            errors.Add(field, $"invalid regular expression: {ex.Message}");
        }

        return null;
    }

    private static BusinessHoursNode? CompileBusinessHours(BusinessHoursCondition condition, string field, ErrorSink errors)
    {
        var before = errors.Count;
        if (condition.Days is null || condition.Days.Count == 0)
        {
            errors.Add($"{field}.days", "at least one day is required");
        }
        else if (condition.Days.Any(d => !Enum.IsDefined(d)))
        {
            errors.Add($"{field}.days", "unknown day of the week");
        }

        if (condition.From == condition.To)
        {
            errors.Add($"{field}.to", "the closing time must differ from the opening time");
        }

        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(condition.TimeZone))
        {
            errors.Add($"{field}.timeZone", "the time zone is required (IANA id such as 'Africa/Johannesburg')");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(condition.TimeZone, out zone))
        {
            errors.Add($"{field}.timeZone", $"unknown time zone '{condition.TimeZone}' (use an IANA id such as 'Africa/Johannesburg')");
        }

        return errors.Count == before
            ? new BusinessHoursNode(field, condition.Inside, condition.Days!.ToFrozenSet(), condition.From, condition.To, zone!)
            : null;
    }
}
