using System.Text.RegularExpressions;

namespace SmsPortal.SavedReplies;

/// <summary>What a reply's variables are filled with.</summary>
public sealed record ReplyContext(string? ContactName, string ContactNumber, string? AgentName, string? WorkspaceName);

/// <summary>
/// Variables in a reply: <c>{{contact.name}}</c>, <c>{{contact.first_name}}</c>, <c>{{contact.number}}</c>,
/// <c>{{agent.name}}</c>, <c>{{workspace.name}}</c>, each with an optional fallback after a bar
/// (<c>{{contact.name|there}}</c>) used when the value is blank.
/// </summary>
public static partial class ReplyTemplate
{
    public static readonly IReadOnlyList<string> Variables = ["contact.name", "contact.first_name", "contact.number", "agent.name", "workspace.name"];

    [GeneratedRegex(@"\{\{\s*(?<name>[a-zA-Z_.]+)\s*(?:\|(?<fallback>[^}]*))?\}\}")]
    private static partial Regex Placeholder();

    /// <summary>The text with every known variable filled (or its fallback, or nothing); unknown ones are left as written.</summary>
    public static string Render(string text, ReplyContext context) =>
        Placeholder().Replace(text, match =>
        {
            var name = match.Groups["name"].Value.ToLowerInvariant();
            if (!Variables.Contains(name))
            {
                return match.Value;
            }
            var value = Value(name, context);
            return string.IsNullOrWhiteSpace(value) ? match.Groups["fallback"].Value.Trim() : value.Trim();
        });

    /// <summary>The variables the text names that do not exist, so a saved reply with a typo is refused when saved.</summary>
    public static IReadOnlyList<string> UnknownVariables(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups["name"].Value).Where(n => !Variables.Contains(n.ToLowerInvariant())).Distinct().ToList();

    public static bool HasVariables(string? text) => text is not null && Placeholder().IsMatch(text);

    private static string? Value(string name, ReplyContext context) => name switch
    {
        "contact.name" => context.ContactName,
        "contact.first_name" => context.ContactName?.Trim().Split(' ', 2)[0],
        "contact.number" => context.ContactNumber,
        "agent.name" => context.AgentName,
        "workspace.name" => context.WorkspaceName,
        _ => null,
    };
}
