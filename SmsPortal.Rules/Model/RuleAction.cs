using System.Text.Json.Serialization;

namespace SmsPortal.Rules.Model;

/// <summary>
/// Base of every declarative rule action. The engine never executes actions; it returns them (rendered) in an
/// <see cref="Engine.Activation"/> and the host executes them. Serialised with a <c>type</c> discriminator.
/// </summary>
/// <remarks>Templates may use <c>{{contact.name}}</c>, <c>{{contact.number}}</c>, <c>{{message.text}}</c> and <c>{{keyword}}</c>; any other placeholder is a compile error.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ReplyAction), "reply")]
[JsonDerivedType(typeof(OptOutAction), "optOut")]
[JsonDerivedType(typeof(OptInAction), "optIn")]
[JsonDerivedType(typeof(AddTagAction), "addTag")]
[JsonDerivedType(typeof(RemoveTagAction), "removeTag")]
[JsonDerivedType(typeof(OpenTicketAction), "openTicket")]
[JsonDerivedType(typeof(ForwardToUrlAction), "forwardToUrl")]
[JsonDerivedType(typeof(NotifyTeamAction), "notifyTeam")]
[JsonDerivedType(typeof(StopAction), "stop")]
public abstract record RuleAction;

/// <summary>Reply to the sender with the rendered template.</summary>
/// <param name="Template">Reply text template.</param>
public sealed record ReplyAction(string Template) : RuleAction
{
    /// <summary>When set, the host holds the reply while it is night for the recipient and sends it when the window ends.</summary>
    public QuietHours? QuietHours { get; init; }
}

/// <summary>
/// The recipient's night: from <paramref name="From"/> until <paramref name="To"/> in the recipient's own time zone
/// (running past midnight when <paramref name="From"/> is later). Compliance confirmations are never held.
/// </summary>
/// <param name="From">Start of the quiet window, recipient's local time (inclusive).</param>
/// <param name="To">End of the quiet window, recipient's local time (exclusive).</param>
public sealed record QuietHours(TimeOnly From, TimeOnly To);

/// <summary>Opt the contact out.</summary>
public sealed record OptOutAction : RuleAction;

/// <summary>Opt the contact back in.</summary>
public sealed record OptInAction : RuleAction;

/// <summary>Add a tag to the contact.</summary>
/// <param name="Tag">The tag.</param>
public sealed record AddTagAction(string Tag) : RuleAction;

/// <summary>Remove a tag from the contact.</summary>
/// <param name="Tag">The tag.</param>
public sealed record RemoveTagAction(string Tag) : RuleAction;

/// <summary>Open a ticket for the conversation, or update the open one.</summary>
/// <param name="SubjectTemplate">Ticket subject template.</param>
public sealed record OpenTicketAction(string SubjectTemplate) : RuleAction;

/// <summary>Forward the message to an http(s) URL (webhook).</summary>
/// <param name="Url">Absolute http or https URL; with <see cref="WebhookId"/>, that webhook's URL when the rule was written (informational).</param>
public sealed record ForwardToUrlAction(string Url) : RuleAction
{
    /// <summary>
    /// When set, the host delivers through its registered webhook of this id (its URL, its signing secret, its retries
    /// and log) instead of posting to <see cref="Url"/> itself. Letters, digits, <c>_</c> and <c>-</c>, at most 64.
    /// </summary>
    public string? WebhookId { get; init; }
}

/// <summary>Notify a team (or the whole workspace when <paramref name="Team"/> is null).</summary>
/// <param name="Team">Team name, or null for everyone.</param>
/// <param name="MessageTemplate">Optional notification text template.</param>
public sealed record NotifyTeamAction(string? Team = null, string? MessageTemplate = null) : RuleAction;

/// <summary>Stop processing further rules after this one (same effect as <see cref="RuleOptions.StopProcessing"/>).</summary>
public sealed record StopAction : RuleAction;
