namespace SmsPortal.Settings;

/// <summary>Per-workspace settings; a workspace without a row uses the defaults.</summary>
public sealed class WorkspaceSettings
{
    public Guid WorkspaceId { get; init; }
    /// <summary>ISO region for numbers written without a country code (<c>US</c>, <c>GB</c>, …).</summary>
    public string DefaultRegion { get; set; } = "US";
    /// <summary>Most auto-replies a contact gets within <see cref="LoopGuardWindowMinutes"/>, so two bots cannot ping-pong forever.</summary>
    public int LoopGuardMaxReplies { get; set; } = 5;
    public int LoopGuardWindowMinutes { get; set; } = 10;
    /// <summary>The team's working days; with the hours and time zone below, the default for new business-hours conditions.</summary>
    public WeekDays BusinessDays { get; set; } = WeekDays.Monday | WeekDays.Tuesday | WeekDays.Wednesday | WeekDays.Thursday | WeekDays.Friday;
    public TimeOnly BusinessHoursFrom { get; set; } = new(9, 0);
    /// <summary>Earlier than <see cref="BusinessHoursFrom"/> means overnight hours, as in business-hours conditions.</summary>
    public TimeOnly BusinessHoursTo { get; set; } = new(17, 0);
    /// <summary>IANA time zone (<c>Europe/Berlin</c>) of the business hours and of the dashboard's days.</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>Compliance replies and extra keywords, as JSON (<c>SmsPortal.Rules.Compliance.ComplianceSettings</c>).</summary>
    public string? ComplianceJson { get; set; }
    /// <summary>The <c>whsec_</c> secret that signs forwarded messages, encrypted like endpoint secrets.</summary>
    public string? ForwardingSecretProtected { get; set; }
    /// <summary>Agents (not Admins or Owners) see only the conversations assigned to them and the unassigned ones, everywhere.</summary>
    public bool AgentsSeeOwnAndUnassigned { get; set; }
    /// <summary>Open unassigned conversations go round robin to available members holding fewer than <see cref="AutoAssignCap"/>.</summary>
    public bool AutoAssign { get; set; }
    public int AutoAssignCap { get; set; } = 10;
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Days of the week as flags (bit = <see cref="DayOfWeek"/>), stored as one number.</summary>
[Flags]
public enum WeekDays
{
    None = 0,
    Sunday = 1 << (int)DayOfWeek.Sunday,
    Monday = 1 << (int)DayOfWeek.Monday,
    Tuesday = 1 << (int)DayOfWeek.Tuesday,
    Wednesday = 1 << (int)DayOfWeek.Wednesday,
    Thursday = 1 << (int)DayOfWeek.Thursday,
    Friday = 1 << (int)DayOfWeek.Friday,
    Saturday = 1 << (int)DayOfWeek.Saturday,
}

public static class WeekDaysExtensions
{
    public static bool Has(this WeekDays days, DayOfWeek day) => (days & day.AsFlag()) != 0;

    public static WeekDays AsFlag(this DayOfWeek day) => (WeekDays)(1 << (int)day);

    public static IReadOnlyList<DayOfWeek> ToList(this WeekDays days) => Enum.GetValues<DayOfWeek>().Where(d => days.Has(d)).ToList();
}
