using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Model;

namespace SmsPortal.RuleSets;

/// <summary>One action of a <see cref="RuleDraft"/>.</summary>
public sealed class ActionDraft
{
    public ActionDraft(ActionKind kind) => Kind = kind;

    public ActionKind Kind { get; }

    /// <summary>Reply text, ticket subject or notification text (a template).</summary>
    public string Text { get; set; } = "";
    public string Tag { get; set; } = "";
    public string Url { get; set; } = "";
    /// <summary>Forwards only: the event webhook it goes through; null for a bare URL.</summary>
    public string? WebhookId { get; set; }
    public string Team { get; set; } = "";

    /// <summary>Replies only: hold the reply during the recipient's night, from <see cref="QuietFrom"/> to <see cref="QuietTo"/>.</summary>
    public bool HoldAtNight { get; set; }
    public TimeSpan? QuietFrom { get; set; } = TimeSpan.FromHours(21);
    public TimeSpan? QuietTo { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Where the compiler reports this action's errors, e.g. <c>actions[1]</c>.</summary>
    public string Path { get; internal set; } = "";

    public static ActionDraft Of(RuleAction action) => action switch
    {
        ReplyAction a => new(ActionKind.Reply)
        {
            Text = a.Template,
            HoldAtNight = a.QuietHours is not null,
            QuietFrom = a.QuietHours?.From.ToTimeSpan() ?? TimeSpan.FromHours(21),
            QuietTo = a.QuietHours?.To.ToTimeSpan() ?? TimeSpan.FromHours(8),
        },
        OptOutAction => new(ActionKind.OptOut),
        OptInAction => new(ActionKind.OptIn),
        AddTagAction a => new(ActionKind.AddTag) { Tag = a.Tag },
        RemoveTagAction a => new(ActionKind.RemoveTag) { Tag = a.Tag },
        OpenTicketAction a => new(ActionKind.OpenTicket) { Text = a.SubjectTemplate },
        ForwardToUrlAction a => new(ActionKind.ForwardToUrl) { Url = a.Url, WebhookId = a.WebhookId },
        NotifyTeamAction a => new(ActionKind.NotifyTeam) { Team = a.Team ?? "", Text = a.MessageTemplate ?? "" },
        StopAction => new(ActionKind.Stop),
        _ => throw new NotSupportedException($"The editor does not know the action {action.GetType().Name}."),
    };

    internal RuleAction ToAction() => Kind switch
    {
        ActionKind.Reply => new ReplyAction(Text)
        {
            QuietHours = HoldAtNight && QuietFrom is { } from && QuietTo is { } to ? new QuietHours(TimeOnly.FromTimeSpan(from), TimeOnly.FromTimeSpan(to)) : null,
        },
        ActionKind.OptOut => new OptOutAction(),
        ActionKind.OptIn => new OptInAction(),
        ActionKind.AddTag => new AddTagAction(Tag.Trim()),
        ActionKind.RemoveTag => new RemoveTagAction(Tag.Trim()),
        ActionKind.OpenTicket => new OpenTicketAction(Text),
        ActionKind.ForwardToUrl => new ForwardToUrlAction(Url.Trim()) { WebhookId = WebhookId },
        ActionKind.NotifyTeam => new NotifyTeamAction(
            string.IsNullOrWhiteSpace(Team) ? null : Team.Trim(),
            string.IsNullOrWhiteSpace(Text) ? null : Text),
        ActionKind.Stop => new StopAction(),
        _ => throw new NotSupportedException($"Unknown action kind {Kind}."),
    };
}
