using SmsPortal.Rules.Model;

namespace SmsPortal.Rules.Authoring;

/// <summary>Whether a rule's business-hours conditions all pass at some minute of the week.</summary>
internal static class BusinessWeek
{
    // A week without a daylight-saving change in either hemisphere's usual dates.
    private static readonly DateTimeOffset Monday = new(2026, 1, 12, 0, 0, 0, TimeSpan.Zero);
    private const int MinutesPerWeek = 7 * 24 * 60;

    public static IEnumerable<AuthoringWarning> Check(RuleDefinition rule)
    {
        var hours = KeywordSets.Required(rule.Conditions).Select(c => c switch
        {
            BusinessHoursCondition b => b,
            NotCondition { Condition: BusinessHoursCondition b } => b with { Inside = !b.Inside },
            _ => null,
        }).OfType<BusinessHoursCondition>().ToList();
        var zones = hours.Select(h => TimeZoneInfo.TryFindSystemTimeZoneById(h.TimeZone ?? "", out var zone) ? zone : null).ToList();
        if (hours.Count == 0 || zones.Any(z => z is null) || hours.Any(h => h.Days is null))
        {
            yield break;
        }
        for (var minute = 0; minute < MinutesPerWeek; minute++)
        {
            var at = Monday.AddMinutes(minute);
            if (hours.Select((h, i) => Passes(h, TimeZoneInfo.ConvertTime(at, zones[i]!))).All(p => p))
            {
                yield break;
            }
        }
        yield return new AuthoringWarning(WarningKind.EmptyWeek, [rule.Id],
            $"'{rule.Name}' can never fire: its business-hours conditions leave no time in the week when they all pass.");
    }

    /// <summary>As the engine has it: the days are the days the hours start on, and hours past midnight belong to the day before.</summary>
    private static bool Passes(BusinessHoursCondition hours, DateTimeOffset local)
    {
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var day = local.DayOfWeek;
        var previous = (DayOfWeek)(((int)day + 6) % 7);
        var inside = hours.From < hours.To
            ? hours.Days.Contains(day) && time >= hours.From && time < hours.To
            : (hours.Days.Contains(day) && time >= hours.From) || (hours.Days.Contains(previous) && time < hours.To);
        return inside == hours.Inside;
    }
}
