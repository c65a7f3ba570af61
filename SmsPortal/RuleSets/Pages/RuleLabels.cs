using SmsPortal.RuleSets;
using SmsPortal.Rules.Actions;

namespace SmsPortal.RuleSets.Pages;

/// <summary>The words the Rules pages use for condition and action types.</summary>
public static class RuleLabels
{
    public const string PlaceholderHint = "Placeholders: {{contact.name}} {{contact.number}} {{message.text}} {{keyword}}";

    public const string KeywordsHint = "Comma-separated. Synonyms after =, separated by /: price = prices / cost, menu";

    public static IReadOnlyList<ConditionKind> Groups { get; } = [ConditionKind.All, ConditionKind.Any, ConditionKind.Not];

    public static IReadOnlyList<ConditionKind> Tests { get; } = Enum.GetValues<ConditionKind>().Except(Groups).ToList();

    public static IReadOnlyList<ActionKind> Actions { get; } = Enum.GetValues<ActionKind>();

    public static IReadOnlyList<string> TimeZones { get; } = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Append("UTC").Distinct().Order(StringComparer.Ordinal).ToList();

    public static string Of(ConditionKind kind) => kind switch
    {
        ConditionKind.All => "All of (and)",
        ConditionKind.Any => "Any of (or)",
        ConditionKind.Not => "Not",
        ConditionKind.FirstWordIs => "First word is",
        ConditionKind.MessageIs => "Message is",
        ConditionKind.ContainsWord => "Contains word",
        ConditionKind.ContainsPhrase => "Contains phrase",
        ConditionKind.StartsWith => "Starts with",
        ConditionKind.MatchesRegex => "Matches regex",
        ConditionKind.SenderIs => "Sender is",
        ConditionKind.SenderStartsWith => "Sender starts with",
        ConditionKind.HasTag => "Has tag",
        ConditionKind.LacksTag => "Lacks tag",
        ConditionKind.IsNewContact => "Is new contact",
        ConditionKind.IsOptedOut => "Is opted out",
        ConditionKind.BusinessHours => "Business hours",
        ConditionKind.EndpointIs => "Endpoint is",
        _ => kind.ToString(),
    };

    public static string Of(ActionKind kind) => kind switch
    {
        ActionKind.Reply => "Reply",
        ActionKind.OptOut => "Opt out",
        ActionKind.OptIn => "Opt in",
        ActionKind.AddTag => "Add tag",
        ActionKind.RemoveTag => "Remove tag",
        ActionKind.OpenTicket => "Open ticket",
        ActionKind.ForwardToUrl => "Forward to URL",
        ActionKind.NotifyTeam => "Notify team",
        ActionKind.Stop => "Stop",
        _ => kind.ToString(),
    };

    public static string Relative(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } when)
        {
            return "never";
        }
        var ago = now - when;
        return ago.TotalSeconds switch
        {
            < 60 => "just now",
            < 3600 => $"{(int)ago.TotalMinutes} min ago",
            < 86400 => $"{(int)ago.TotalHours} h ago",
            < 86400 * 30 => $"{(int)ago.TotalDays} d ago",
            _ => when.ToString("yyyy-MM-dd"),
        };
    }
}
