using System.Globalization;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;

namespace SmsPortal.RuleSets;

/// <summary>One condition node of a <see cref="RuleDraft"/>; groups (all, any, not) hold children.</summary>
public sealed class ConditionDraft
{
    public static readonly IReadOnlyList<DayOfWeek> WorkDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>The week as the editor shows it, Monday first.</summary>
    public static readonly IReadOnlyList<DayOfWeek> Week = [.. WorkDays, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public ConditionDraft(ConditionKind kind) => Kind = kind;

    /// <summary>A new condition of <paramref name="kind"/>, prefilled with the workspace's business hours.</summary>
    public static ConditionDraft Create(ConditionKind kind, ConditionDefaults? defaults)
    {
        var draft = new ConditionDraft(kind);
        if (kind == ConditionKind.BusinessHours && defaults is not null)
        {
            draft.Days = defaults.Days.ToList();
            draft.From = defaults.From;
            draft.To = defaults.To;
            draft.TimeZone = defaults.TimeZone;
        }
        return draft;
    }

    public ConditionKind Kind { get; }
    public List<ConditionDraft> Children { get; } = [];

    /// <summary>Keywords, phrases, prefixes or numbers, comma-separated (keywords: <c>price = prices / cost</c>).</summary>
    public string Values { get; set; } = "";
    public bool IgnoreAccents { get; set; }
    public string Pattern { get; set; } = "";
    public bool IgnoreCase { get; set; } = true;
    public string Tag { get; set; } = "";
    public bool Inside { get; set; } = true;
    public IReadOnlyCollection<DayOfWeek> Days { get; set; } = WorkDays;
    public string From { get; set; } = "09:00";
    public string To { get; set; } = "17:00";
    public string TimeZone { get; set; } = "UTC";
    public IReadOnlyCollection<string> EndpointIds { get; set; } = [];

    /// <summary>Where the compiler reports this condition's errors, e.g. <c>conditions[0].conditions[1]</c>; set by <see cref="RuleDraft.ToDefinition"/>.</summary>
    public string Path { get; internal set; } = "";

    public bool IsGroup => Kind is ConditionKind.All or ConditionKind.Any or ConditionKind.Not;

    public bool HasKeywords => Kind is ConditionKind.FirstWordIs or ConditionKind.MessageIs or ConditionKind.ContainsWord;

    public bool IsText => HasKeywords || Kind is ConditionKind.ContainsPhrase or ConditionKind.StartsWith;

    /// <summary>A "not" holds exactly one condition; "all" and "any" hold any number.</summary>
    public bool CanAddChild => Kind is ConditionKind.All or ConditionKind.Any || (Kind == ConditionKind.Not && Children.Count == 0);

    public static ConditionDraft Of(Condition condition)
    {
        switch (condition)
        {
            case AllCondition all:
                return Group(ConditionKind.All, all.Conditions);
            case AnyCondition any:
                return Group(ConditionKind.Any, any.Conditions);
            case NotCondition not:
                return Group(ConditionKind.Not, not.Condition is null ? [] : [not.Condition]);
            case FirstWordIsCondition c:
                return new(ConditionKind.FirstWordIs) { Values = KeywordList.Format(c.Keywords), IgnoreAccents = c.IgnoreAccents };
            case MessageIsCondition c:
                return new(ConditionKind.MessageIs) { Values = KeywordList.Format(c.Keywords), IgnoreAccents = c.IgnoreAccents };
            case ContainsWordCondition c:
                return new(ConditionKind.ContainsWord) { Values = KeywordList.Format(c.Keywords), IgnoreAccents = c.IgnoreAccents };
            case ContainsPhraseCondition c:
                return new(ConditionKind.ContainsPhrase) { Values = TextList.Format(c.Phrases), IgnoreAccents = c.IgnoreAccents };
            case StartsWithCondition c:
                return new(ConditionKind.StartsWith) { Values = TextList.Format(c.Prefixes), IgnoreAccents = c.IgnoreAccents };
            case MatchesRegexCondition c:
                return new(ConditionKind.MatchesRegex) { Pattern = c.Pattern, IgnoreCase = c.IgnoreCase };
            case SenderIsCondition c:
                return new(ConditionKind.SenderIs) { Values = TextList.Format(c.Numbers) };
            case SenderStartsWithCondition c:
                return new(ConditionKind.SenderStartsWith) { Values = TextList.Format(c.Prefixes) };
            case HasTagCondition c:
                return new(ConditionKind.HasTag) { Tag = c.Tag };
            case LacksTagCondition c:
                return new(ConditionKind.LacksTag) { Tag = c.Tag };
            case IsNewContactCondition:
                return new(ConditionKind.IsNewContact);
            case IsOptedOutCondition:
                return new(ConditionKind.IsOptedOut);
            case BusinessHoursCondition c:
                return new(ConditionKind.BusinessHours)
                {
                    Inside = c.Inside,
                    Days = c.Days.ToList(),
                    From = c.From.ToString("HH:mm", CultureInfo.InvariantCulture),
                    To = c.To.ToString("HH:mm", CultureInfo.InvariantCulture),
                    TimeZone = c.TimeZone,
                };
            case EndpointIsCondition c:
                return new(ConditionKind.EndpointIs) { EndpointIds = c.EndpointIds.ToList() };
            default:
                throw new NotSupportedException($"The editor does not know the condition {condition.GetType().Name}.");
        }
    }

    private static ConditionDraft Group(ConditionKind kind, IEnumerable<Condition> children)
    {
        var group = new ConditionDraft(kind);
        group.Children.AddRange(children.Select(Of));
        return group;
    }

    internal Condition ToCondition(string path, RuleDraft rule, List<RuleValidationError> errors)
    {
        Path = path;
        switch (Kind)
        {
            case ConditionKind.All:
                return new AllCondition(ChildConditions(rule, errors));
            case ConditionKind.Any:
                return new AnyCondition(ChildConditions(rule, errors));
            case ConditionKind.Not:
                // An empty "not" goes to the compiler as a missing condition, which it reports at "<path>.condition".
                return new NotCondition(Children.Count == 0 ? null! : Children[0].ToCondition($"{path}.condition", rule, errors));
            case ConditionKind.FirstWordIs:
                return new FirstWordIsCondition(KeywordList.Parse(Values)) { IgnoreAccents = IgnoreAccents };
            case ConditionKind.MessageIs:
                return new MessageIsCondition(KeywordList.Parse(Values)) { IgnoreAccents = IgnoreAccents };
            case ConditionKind.ContainsWord:
                return new ContainsWordCondition(KeywordList.Parse(Values)) { IgnoreAccents = IgnoreAccents };
            case ConditionKind.ContainsPhrase:
                return new ContainsPhraseCondition(TextList.Parse(Values)) { IgnoreAccents = IgnoreAccents };
            case ConditionKind.StartsWith:
                return new StartsWithCondition(TextList.Parse(Values)) { IgnoreAccents = IgnoreAccents };
            case ConditionKind.MatchesRegex:
                return new MatchesRegexCondition(Pattern, IgnoreCase);
            case ConditionKind.SenderIs:
                return new SenderIsCondition(TextList.Parse(Values));
            case ConditionKind.SenderStartsWith:
                return new SenderStartsWithCondition(TextList.Parse(Values));
            case ConditionKind.HasTag:
                return new HasTagCondition(Tag.Trim());
            case ConditionKind.LacksTag:
                return new LacksTagCondition(Tag.Trim());
            case ConditionKind.IsNewContact:
                return new IsNewContactCondition();
            case ConditionKind.IsOptedOut:
                return new IsOptedOutCondition();
            case ConditionKind.BusinessHours:
                var from = ParseTime(From, $"{path}.from", rule, errors);
                var to = ParseTime(To, $"{path}.to", rule, errors);
                var days = Week.Where(Days.Contains).ToList();
                // With an unreadable time the compiler would report a misleading "same time" error: keep them apart.
                return new BusinessHoursCondition(Inside, days, from ?? TimeOnly.MinValue, to ?? (from ?? TimeOnly.MinValue).AddMinutes(1), TimeZone.Trim());
            case ConditionKind.EndpointIs:
                return new EndpointIsCondition(EndpointIds.ToList());
            default:
                throw new NotSupportedException($"Unknown condition kind {Kind}.");
        }
    }

    private List<Condition> ChildConditions(RuleDraft rule, List<RuleValidationError> errors)
    {
        var children = new List<Condition>(Children.Count);
        for (var i = 0; i < Children.Count; i++)
        {
            children.Add(Children[i].ToCondition($"{Path}.conditions[{i}]", rule, errors));
        }
        return children;
    }

    private static TimeOnly? ParseTime(string text, string field, RuleDraft rule, List<RuleValidationError> errors)
    {
        if (TimeOnly.TryParseExact(text?.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }
        errors.Add(rule.Error(field, "enter a time as hh:mm, e.g. 09:00"));
        return null;
    }
}
