using System.Globalization;
using PhoneNumbers;
using SmsPortal.Common;

namespace SmsPortal.Settings;

/// <summary>The part of <see cref="WorkspaceSettings"/> the Settings page edits.</summary>
public sealed class GeneralSettings
{
    public string DefaultRegion { get; set; } = "US";
    public WeekDays BusinessDays { get; set; }
    public TimeOnly BusinessHoursFrom { get; set; }
    public TimeOnly BusinessHoursTo { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public int LoopGuardMaxReplies { get; set; }
    public int LoopGuardWindowMinutes { get; set; }

    public static GeneralSettings From(WorkspaceSettings settings) => new()
    {
        DefaultRegion = settings.DefaultRegion,
        BusinessDays = settings.BusinessDays,
        BusinessHoursFrom = settings.BusinessHoursFrom,
        BusinessHoursTo = settings.BusinessHoursTo,
        TimeZone = settings.TimeZone,
        LoopGuardMaxReplies = settings.LoopGuardMaxReplies,
        LoopGuardWindowMinutes = settings.LoopGuardWindowMinutes,
    };

    public void ApplyTo(WorkspaceSettings settings)
    {
        settings.DefaultRegion = (DefaultRegion ?? "").Trim();
        settings.BusinessDays = BusinessDays;
        settings.BusinessHoursFrom = BusinessHoursFrom;
        settings.BusinessHoursTo = BusinessHoursTo;
        settings.TimeZone = (TimeZone ?? "").Trim();
        settings.LoopGuardMaxReplies = LoopGuardMaxReplies;
        settings.LoopGuardWindowMinutes = LoopGuardWindowMinutes;
    }

    /// <summary>What is wrong, by property name; empty when the values can be saved. The service checks the same.</summary>
    public IReadOnlyDictionary<string, string> Errors()
    {
        var settings = new WorkspaceSettings();
        ApplyTo(settings);
        return SettingsValidation.Errors(settings);
    }
}

/// <summary>The rules every saved <see cref="WorkspaceSettings"/> follows, one message per field.</summary>
public static class SettingsValidation
{
    public static IReadOnlyDictionary<string, string> Errors(WorkspaceSettings settings)
    {
        var errors = new Dictionary<string, string>();
        if (!SettingsChoices.IsRegion(settings.DefaultRegion))
        {
            errors[nameof(WorkspaceSettings.DefaultRegion)] = $"'{settings.DefaultRegion}' is not a known region code (use e.g. US, GB, DE).";
        }
        if (settings.LoopGuardMaxReplies is < 1 or > 1000)
        {
            errors[nameof(WorkspaceSettings.LoopGuardMaxReplies)] = "The loop guard allows 1 to 1000 auto-replies per window.";
        }
        if (settings.LoopGuardWindowMinutes is < 1 or > 24 * 60)
        {
            errors[nameof(WorkspaceSettings.LoopGuardWindowMinutes)] = "The loop guard window is 1 minute to 24 hours (1440 minutes).";
        }
        if ((settings.BusinessDays & AllDays) == WeekDays.None || (settings.BusinessDays & ~AllDays) != WeekDays.None)
        {
            errors[nameof(WorkspaceSettings.BusinessDays)] = "Choose at least one business day.";
        }
        if (settings.BusinessHoursFrom == settings.BusinessHoursTo)
        {
            errors[nameof(WorkspaceSettings.BusinessHoursTo)] = "Business hours must end at a different time than they start (an earlier end means overnight).";
        }
        if (!IanaTimeZones.IsKnown(settings.TimeZone))
        {
            errors[nameof(WorkspaceSettings.TimeZone)] = $"'{settings.TimeZone}' is not a known time zone (use an IANA name such as Europe/Berlin or America/New_York).";
        }
        return errors;
    }

    private const WeekDays AllDays = (WeekDays)0b111_1111;
}

public sealed record RegionChoice(string Code, string Name);

/// <summary>The values the Settings page offers.</summary>
public static class SettingsChoices
{
    private static readonly Lazy<IReadOnlyList<RegionChoice>> s_regions = new(() =>
        PhoneNumberUtil.GetInstance().GetSupportedRegions()
            .Select(code => new RegionChoice(code, RegionName(code)))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToList());

    /// <summary>Regions libphonenumber knows, by English name.</summary>
    public static IReadOnlyList<RegionChoice> Regions => s_regions.Value;

    public static bool IsRegion(string? code) =>
        code is { Length: 2 } && PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(code.ToUpperInvariant());

    private static string RegionName(string code)
    {
        try
        {
            return $"{new RegionInfo(code).EnglishName} ({code})";
        }
        catch (ArgumentException)
        {
            return code;
        }
    }
}
