using SmsPortal.Rules.Text;

namespace SmsPortal.Rules.Engine;

/// <summary>Per-message evaluation state: the message is normalised once and shared by every condition.</summary>
internal sealed class EvaluationContext(RuleFact fact)
{
    private NormalizedText? _folded;
    private string? _sender;
    private string? _trimmed;

    public RuleFact Fact { get; } = fact;

    public NormalizedText Plain { get; } = NormalizedText.Normalize(fact.Message.Text);

    public NormalizedText Folded => _folded ??= Plain.FoldAccents();

    public NormalizedText Text(bool ignoreAccents) => ignoreAccents ? Folded : Plain;

    public string TrimmedText => _trimmed ??= Fact.Message.Text.Trim();

    public string Sender => _sender ??= PhoneNumbers.Normalize(Fact.Contact.Number);
}

internal static class PhoneNumbers
{
    /// <summary>Removes the formatting characters people type in numbers (spaces, dashes, brackets, dots).</summary>
    public static string Normalize(string number)
    {
        var span = number.AsSpan().Trim();
        if (span.IndexOfAny(" -().\t") < 0)
        {
            return span.Length == number.Length ? number : span.ToString();
        }

        return string.Create(span.Length - CountFormatting(span), number, static (dest, n) =>
        {
            var i = 0;
            foreach (var c in n.AsSpan().Trim())
            {
                if (!IsFormatting(c))
                {
                    dest[i++] = c;
                }
            }
        });
    }

    private static int CountFormatting(ReadOnlySpan<char> span)
    {
        var count = 0;
        foreach (var c in span)
        {
            if (IsFormatting(c))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsFormatting(char c) => c is ' ' or '-' or '(' or ')' or '.' or '\t';
}
