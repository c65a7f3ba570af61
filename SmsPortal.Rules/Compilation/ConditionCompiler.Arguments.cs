using System.Collections.Frozen;
using System.Text.RegularExpressions;
using SmsPortal.Rules.Conditions;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using SmsPortal.Rules.Text;

namespace SmsPortal.Rules.Compilation;

/// <summary>The argument checks of <see cref="ConditionCompiler"/>: keyword lists, texts, numbers, tags, regexes and business hours, each with its field-path error.</summary>
internal static partial class ConditionCompiler
{
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
