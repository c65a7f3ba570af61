using System.Text;
using SmsPortal.Rules.Engine;

namespace SmsPortal.Rules.Actions;

/// <summary>The placeholders a template may use.</summary>
internal enum Placeholder
{
    None,
    ContactName,
    ContactNumber,
    MessageText,
    Keyword,
}

/// <summary>A parsed <c>{{placeholder}}</c> template. Parsing rejects unknown placeholders and unclosed braces.</summary>
internal sealed class MessageTemplate
{
    private static readonly Dictionary<string, Placeholder> Known = new(StringComparer.Ordinal)
    {
        ["contact.name"] = Placeholder.ContactName,
        ["contact.number"] = Placeholder.ContactNumber,
        ["message.text"] = Placeholder.MessageText,
        ["keyword"] = Placeholder.Keyword,
    };

    private readonly (string Literal, Placeholder Placeholder)[] _segments;

    private MessageTemplate(string source, (string, Placeholder)[] segments)
    {
        Source = source;
        _segments = segments;
        IsConstant = segments.All(s => s.Item2 == Placeholder.None);
    }

    public string Source { get; }

    /// <summary>True when the template has no placeholders (rendering returns <see cref="Source"/>).</summary>
    public bool IsConstant { get; }

    /// <summary>Known placeholder names, for error messages and the portal's editor.</summary>
    public static IEnumerable<string> PlaceholderNames => Known.Keys;

    /// <summary>Parses a template; returns null and the problem when it is invalid.</summary>
    public static MessageTemplate? TryParse(string source, out string? error)
    {
        var segments = new List<(string, Placeholder)>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < source.Length)
        {
            var open = source.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                var stray = source.IndexOf("}}", i, StringComparison.Ordinal);
                if (stray >= 0)
                {
                    error = $"unexpected '}}}}' at position {stray}";
                    return null;
                }

                literal.Append(source, i, source.Length - i);
                break;
            }

            var strayClose = source.IndexOf("}}", i, open - i, StringComparison.Ordinal);
            if (strayClose >= 0)
            {
                error = $"unexpected '}}}}' at position {strayClose}";
                return null;
            }

            literal.Append(source, i, open - i);
            var close = source.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"placeholder opened at position {open} is not closed with '}}}}'";
                return null;
            }

            var name = source.Substring(open + 2, close - open - 2).Trim();
            if (!Known.TryGetValue(name, out var placeholder))
            {
                error = $"unknown placeholder '{{{{{name}}}}}'; use one of {string.Join(", ", Known.Keys.Select(k => "{{" + k + "}}"))}";
                return null;
            }

            segments.Add((literal.ToString(), placeholder));
            literal.Clear();
            i = close + 2;
        }

        if (literal.Length > 0 || segments.Count == 0)
        {
            segments.Add((literal.ToString(), Placeholder.None));
        }

        error = null;
        return new MessageTemplate(source, segments.ToArray());
    }

    public string Render(EvaluationContext context, string? keyword)
    {
        if (IsConstant)
        {
            return Source;
        }

        // Two passes (measure, then copy) so rendering allocates only the resulting string.
        var length = 0;
        foreach (var (literal, placeholder) in _segments)
        {
            length += literal.Length + Value(placeholder, context, keyword).Length;
        }

        return string.Create(length, (this, context, keyword), static (destination, state) =>
        {
            var (template, context, keyword) = state;
            foreach (var (literal, placeholder) in template._segments)
            {
                literal.CopyTo(destination);
                destination = destination[literal.Length..];
                var value = Value(placeholder, context, keyword);
                value.CopyTo(destination);
                destination = destination[value.Length..];
            }
        });
    }

    private static string Value(Placeholder placeholder, EvaluationContext context, string? keyword) => placeholder switch
    {
        Placeholder.ContactName => context.Fact.Contact.Name ?? string.Empty,
        Placeholder.ContactNumber => context.Fact.Contact.Number,
        Placeholder.MessageText => context.Fact.Message.Text,
        Placeholder.Keyword => keyword ?? string.Empty,
        _ => string.Empty,
    };
}

/// <summary>An action with its templates parsed; resolves to a <see cref="ResolvedAction"/> per activation.</summary>
internal sealed class CompiledAction
{
    private readonly ResolvedAction? _constant;

    public CompiledAction(ActionKind kind, MessageTemplate? template = null, string? tag = null, Uri? url = null, string? team = null, string? webhookId = null)
    {
        Kind = kind;
        Template = template;
        Tag = tag;
        Url = url;
        Team = team;
        WebhookId = webhookId;
        if (template is null || template.IsConstant)
        {
            _constant = new ResolvedAction(kind, template?.Source, tag, url, team) { WebhookId = webhookId };
        }
    }

    public ActionKind Kind { get; }

    public MessageTemplate? Template { get; }

    public string? Tag { get; }

    public Uri? Url { get; }

    public string? Team { get; }

    public string? WebhookId { get; }

    /// <summary>True when the resolved action does not depend on the fact.</summary>
    public bool IsConstant => _constant is not null;

    public ResolvedAction Resolve(EvaluationContext context, string? keyword) =>
        _constant ?? new ResolvedAction(Kind, Template!.Render(context, keyword), Tag, Url, Team) { WebhookId = WebhookId };
}
