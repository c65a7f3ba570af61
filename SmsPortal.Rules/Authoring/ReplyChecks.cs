using System.Text;
using System.Text.RegularExpressions;
using SmsPortal.Rules.Model;

namespace SmsPortal.Rules.Authoring;

/// <summary>What a reply costs (GSM-7 or UCS-2 segments) and template slips that would be sent as typed.</summary>
internal static partial class ReplyChecks
{
    private const string Gsm7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Gsm7Escaped = "\f^{}\\[~]|€";

    public static IEnumerable<AuthoringWarning> Check(RuleDefinition rule, AuthoringOptions options)
    {
        var hasKeyword = KeywordSets.Authored(rule).Any();
        for (var index = 0; index < rule.Actions.Count; index++)
        {
            if (rule.Actions[index] is not ReplyAction reply)
            {
                continue;
            }
            var field = $"actions[{index}].template";
            var template = reply.Template ?? "";
            var text = Placeholder().Replace(template, "");
            var foreign = text.EnumerateRunes().Where(r => !IsGsm7(r)).Distinct().ToList();
            var (segments, perSegment) = Segments(text, foreign.Count == 0);
            if (segments > options.MaxSegments)
            {
                var filled = text.Length == template.Length ? "" : " before its variables are filled in";
                yield return new AuthoringWarning(WarningKind.LongReply, [rule.Id],
                    $"A reply of '{rule.Name}' is {segments} SMS segments{filled} ({(foreign.Count == 0 ? "GSM-7" : "UCS-2")}, {perSegment} characters a segment); the limit set is {options.MaxSegments}.", field);
            }
            if (foreign.Count == 1)
            {
                var rune = foreign[0];
                yield return new AuthoringWarning(WarningKind.UnicodeReply, [rule.Id],
                    $"A reply of '{rule.Name}' has one character outside GSM-7, '{rune}' (U+{rune.Value:X4}): it makes the whole reply UCS-2, 70 characters a segment instead of 160.", field);
            }
            foreach (Match slip in LooksLikeVariable().Matches(template))
            {
                yield return new AuthoringWarning(WarningKind.UnknownVariable, [rule.Id],
                    $"A reply of '{rule.Name}' has '{slip.Value}', which is not a template variable and is sent as typed; variables are written like {{{{contact.name}}}}.", field);
            }
            if (!hasKeyword && KeywordVariable().IsMatch(template))
            {
                yield return new AuthoringWarning(WarningKind.UnknownVariable, [rule.Id],
                    $"A reply of '{rule.Name}' uses {{{{keyword}}}}, but the rule has no keyword condition, so it is always empty.", field);
            }
        }
    }

    private static bool IsGsm7(Rune rune) => rune.IsBmp && (Gsm7.Contains((char)rune.Value) || Gsm7Escaped.Contains((char)rune.Value));

    private static (int Segments, int PerSegment) Segments(string text, bool gsm)
    {
        var units = gsm ? text.Sum(c => Gsm7Escaped.Contains(c) ? 2 : 1) : text.Length;
        var (single, part) = gsm ? (160, 153) : (70, 67);
        return units <= single ? (units == 0 ? 0 : 1, single) : ((units + part - 1) / part, part);
    }

    [GeneratedRegex(@"\{\{[^{}]*\}\}")]
    private static partial Regex Placeholder();

    /// <summary>Single braces, or <c>$name</c> / <c>%name%</c>, around a name: other tools' variable syntax.</summary>
    [GeneratedRegex(@"(?<!\{)\{\s*[A-Za-z_][\w.]*\s*\}(?!\})|\$\{?[A-Za-z_][\w.]*\}?|%[A-Za-z_][\w.]*%|\[\[?(?:contact|name|first_?name|keyword|message)[\w.]*\]?\]")]
    private static partial Regex LooksLikeVariable();

    [GeneratedRegex(@"\{\{\s*keyword\s*\}\}")]
    private static partial Regex KeywordVariable();

}
