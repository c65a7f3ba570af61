using System.Globalization;
using SmsPortal.Common;

namespace SmsPortal.Endpoints;

/// <summary>How long a rotated-out secret stays valid: <c>24h</c>, <c>90m</c>, <c>2d</c>, <c>30s</c>, <c>0</c>.</summary>
public static class GracePeriod
{
    public static readonly TimeSpan Default = TimeSpan.FromHours(24);
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(30);

    public static TimeSpan Parse(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value is "0" or "now")
        {
            return TimeSpan.Zero;
        }
        if (value.Length >= 2 && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            TimeSpan? span = value[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is { } grace)
            {
                return Validate(grace);
            }
        }
        throw new UserInputException($"Grace period '{text}' is not understood: use a number with s, m, h or d (e.g. 24h), or 0 to revoke now.");
    }

    public static TimeSpan Validate(TimeSpan grace) =>
        grace < TimeSpan.Zero || grace > Maximum
            ? throw new UserInputException($"Grace period must be between 0 and {Maximum.TotalDays:0} days.")
            : grace;
}
