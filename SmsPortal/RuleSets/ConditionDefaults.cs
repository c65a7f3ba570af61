namespace SmsPortal.RuleSets;

/// <summary>What a new business-hours condition starts with: the workspace's own hours from its settings.</summary>
public sealed record ConditionDefaults(IReadOnlyCollection<DayOfWeek> Days, string From, string To, string TimeZone)
{
    public static ConditionDefaults Standard { get; } = new(ConditionDraft.WorkDays, "09:00", "17:00", "UTC");
}
