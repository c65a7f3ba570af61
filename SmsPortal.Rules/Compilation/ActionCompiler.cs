using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Model;

namespace SmsPortal.Rules.Compilation;

/// <summary>Validates actions and parses their templates.</summary>
internal static class ActionCompiler
{
    public static CompiledAction[] CompileList(IReadOnlyList<RuleAction>? actions, ErrorSink errors)
    {
        if (actions is null || actions.Count == 0)
        {
            errors.Add("actions", "at least one action is required");
            return [];
        }

        var compiled = new List<CompiledAction>(actions.Count);
        for (var i = 0; i < actions.Count; i++)
        {
            if (Compile(actions[i], $"actions[{i}]", errors) is { } action)
            {
                compiled.Add(action);
            }
        }

        return compiled.ToArray();
    }

    public static CompiledAction? Compile(RuleAction? action, string field, ErrorSink errors)
    {
        switch (action)
        {
            case null:
                errors.Add(field, "the action is missing");
                return null;
            case ReplyAction reply:
                return Template(reply.Template, $"{field}.template", required: true, errors) is { } text ? new CompiledAction(ActionKind.Reply, text) : null;
            case OptOutAction:
                return new CompiledAction(ActionKind.OptOut);
            case OptInAction:
                return new CompiledAction(ActionKind.OptIn);
            case AddTagAction add:
                return Tag(add.Tag, field, errors) is { } addTag ? new CompiledAction(ActionKind.AddTag, tag: addTag) : null;
            case RemoveTagAction remove:
                return Tag(remove.Tag, field, errors) is { } removeTag ? new CompiledAction(ActionKind.RemoveTag, tag: removeTag) : null;
            case OpenTicketAction ticket:
                return Template(ticket.SubjectTemplate, $"{field}.subjectTemplate", required: true, errors) is { } subject ? new CompiledAction(ActionKind.OpenTicket, subject) : null;
            case ForwardToUrlAction forward:
                if (!Uri.TryCreate(forward.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                {
                    errors.Add($"{field}.url", $"'{forward.Url}' is not an absolute http or https URL");
                    return null;
                }

                if (forward.WebhookId is { } webhookId && (webhookId.Length is 0 or > 64 || !webhookId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
                {
                    errors.Add($"{field}.webhookId", $"'{webhookId}' is not a webhook id (letters, digits, _ and -, at most 64)");
                    return null;
                }

                return new CompiledAction(ActionKind.ForwardToUrl, url: url, webhookId: forward.WebhookId);
            case NotifyTeamAction notify:
                if (notify.MessageTemplate is null)
                {
                    return new CompiledAction(ActionKind.NotifyTeam, team: NullIfBlank(notify.Team));
                }

                return Template(notify.MessageTemplate, $"{field}.messageTemplate", required: false, errors) is { } message
                    ? new CompiledAction(ActionKind.NotifyTeam, message, team: NullIfBlank(notify.Team))
                    : null;
            case StopAction:
                return new CompiledAction(ActionKind.Stop);
            default:
                errors.Add(field, $"unsupported action type {action.GetType().Name}");
                return null;
        }
    }

    internal static MessageTemplate? Template(string? source, string field, bool required, ErrorSink errors)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            if (required)
            {
                errors.Add(field, "the text is empty");
                return null;
            }

            source ??= string.Empty;
        }

        var template = MessageTemplate.TryParse(source, out var error);
        if (template is null)
        {
            errors.Add(field, error!);
        }

        return template;
    }

    private static string? Tag(string? tag, string field, ErrorSink errors)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            errors.Add($"{field}.tag", "the tag is empty");
            return null;
        }

        return tag.Trim();
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
