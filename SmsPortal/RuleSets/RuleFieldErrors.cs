using SmsPortal.Rules.Compilation;

namespace SmsPortal.RuleSets;

/// <summary>
/// Validation errors addressed to the editor's inputs. The compiler reports paths such as
/// <c>conditions[0].keywords[1].value</c>; the input for <c>conditions[0].keywords</c> shows every error under it.
/// </summary>
public sealed class RuleFieldErrors(IReadOnlyList<RuleValidationError> errors)
{
    public static readonly RuleFieldErrors None = new([]);

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["id"] = "Id",
        ["name"] = "Name",
        ["cooldown"] = "Cooldown (minutes)",
        ["actions"] = "Actions",
        ["conditions"] = "Conditions",
        ["condition"] = "Condition",
        ["keywords"] = "Keywords",
        ["phrases"] = "Phrases",
        ["prefixes"] = "Prefixes",
        ["numbers"] = "Numbers",
        ["pattern"] = "Pattern",
        ["tag"] = "Tag",
        ["days"] = "Days",
        ["from"] = "From",
        ["to"] = "To",
        ["timeZone"] = "Time zone",
        ["endpointIds"] = "Endpoints",
        ["template"] = "Reply text",
        ["subjectTemplate"] = "Ticket subject",
        ["url"] = "URL",
        ["messageTemplate"] = "Notification text",
        ["optOutReply"] = "Opt-out reply",
        ["optInReply"] = "Opt-in reply",
        ["helpReply"] = "Help reply",
        ["extraOptOutKeywords"] = "Extra opt-out keywords",
        ["extraOptInKeywords"] = "Extra opt-in keywords",
        ["extraHelpKeywords"] = "Extra help keywords",
    };

    public IReadOnlyList<RuleValidationError> All { get; } = errors;

    public bool Any => All.Count > 0;

    /// <summary>The messages for an input: errors at the field itself or anywhere under it, joined.</summary>
    public string? For(string field)
    {
        var messages = All.Where(e => IsAtOrUnder(e.Field, field)).Select(e => e.Message).Distinct().ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    /// <summary>The messages addressed to exactly this path (a missing condition, an empty group).</summary>
    public string? At(string field)
    {
        var messages = All.Where(e => e.Field == field).Select(e => e.Message).Distinct().ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    /// <summary>"Keywords (conditions[0].keywords[1].value)": the label people see, then the exact path.</summary>
    public static string Describe(string field)
    {
        var segments = field.Split('.');
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            var name = segments[i];
            var bracket = name.IndexOf('[');
            if (bracket >= 0)
            {
                name = name[..bracket];
            }
            if (name is "value" or "synonyms")
            {
                continue;
            }
            if (Labels.TryGetValue(name, out var label))
            {
                return $"{label} ({field})";
            }
        }
        return field;
    }

    private static bool IsAtOrUnder(string errorField, string field) =>
        errorField == field
        || (errorField.Length > field.Length && errorField.StartsWith(field, StringComparison.Ordinal) && errorField[field.Length] is '[' or '.');
}
