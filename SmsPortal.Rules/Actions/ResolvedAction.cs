namespace SmsPortal.Rules.Actions;

/// <summary>The kind of a resolved action.</summary>
public enum ActionKind
{
    /// <summary>Send <see cref="ResolvedAction.Text"/> to the contact.</summary>
    Reply,

    /// <summary>Opt the contact out.</summary>
    OptOut,

    /// <summary>Opt the contact in.</summary>
    OptIn,

    /// <summary>Add <see cref="ResolvedAction.Tag"/> to the contact.</summary>
    AddTag,

    /// <summary>Remove <see cref="ResolvedAction.Tag"/> from the contact.</summary>
    RemoveTag,

    /// <summary>Open or update the conversation's ticket with subject <see cref="ResolvedAction.Text"/>.</summary>
    OpenTicket,

    /// <summary>Forward the message to <see cref="ResolvedAction.Url"/>.</summary>
    ForwardToUrl,

    /// <summary>Notify <see cref="ResolvedAction.Team"/> (null: everyone) with optional text <see cref="ResolvedAction.Text"/>.</summary>
    NotifyTeam,

    /// <summary>Processing stopped after this rule (informational; nothing to execute).</summary>
    Stop,
}

/// <summary>
/// An action ready for the host to execute: templates are already rendered with the fact's values.
/// </summary>
/// <param name="Kind">What to do.</param>
/// <param name="Text">Rendered reply text, ticket subject or notification text.</param>
/// <param name="Tag">Tag for <see cref="ActionKind.AddTag"/> / <see cref="ActionKind.RemoveTag"/>.</param>
/// <param name="Url">Target of <see cref="ActionKind.ForwardToUrl"/>.</param>
/// <param name="Team">Team of <see cref="ActionKind.NotifyTeam"/>.</param>
public sealed record ResolvedAction(ActionKind Kind, string? Text = null, string? Tag = null, Uri? Url = null, string? Team = null)
{
    /// <summary>For <see cref="ActionKind.ForwardToUrl"/>: the host's registered webhook to deliver through (see <see cref="Model.ForwardToUrlAction.WebhookId"/>); null for a bare URL.</summary>
    public string? WebhookId { get; init; }

    /// <summary>True for <see cref="ActionKind.Reply"/>: the host sends a message (and must not to an opted-out contact, except compliance confirmations it allows).</summary>
    public bool IsReply => Kind == ActionKind.Reply;
}
