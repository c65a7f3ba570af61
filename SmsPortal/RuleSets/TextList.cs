namespace SmsPortal.RuleSets;

/// <summary>Comma-separated text lists as typed in the editor.</summary>
public static class TextList
{
    public static List<string> Parse(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    public static string Format(IEnumerable<string>? values) => string.Join(", ", values ?? []);
}
