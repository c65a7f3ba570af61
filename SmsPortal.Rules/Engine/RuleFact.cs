namespace SmsPortal.Rules.Engine;

/// <summary>The fact a rule set is evaluated against: one inbound message with its contact and context.</summary>
/// <param name="Message">The inbound message.</param>
/// <param name="Contact">The sending contact and its history.</param>
public sealed record RuleFact(MessageFact Message, ContactFact Contact);

/// <summary>An inbound, verified message.</summary>
/// <param name="Text">The message body as received.</param>
/// <param name="EndpointId">Identifier of the endpoint (number / channel) the message was received through.</param>
/// <param name="ReceivedAt">When the message was received (used for business hours and cooldowns).</param>
public sealed record MessageFact(string Text, string EndpointId, DateTimeOffset ReceivedAt);

/// <summary>
/// The sending contact as the host knows it. The engine keeps no state: everything it needs about the past
/// (new contact, opted out, tags, when each rule last fired for this contact) is passed in here.
/// </summary>
public sealed record ContactFact
{
    /// <summary>The contact's (sender's) phone number; the sender conditions test it.</summary>
    public required string Number { get; init; }

    /// <summary>The contact's display name, if known (<c>{{contact.name}}</c> renders empty when null).</summary>
    public string? Name { get; init; }

    /// <summary>True when this message is the contact's first message ever.</summary>
    public bool IsNew { get; init; }

    /// <summary>True when the contact is opted out. The engine still evaluates; the host must not send replies to opted-out contacts.</summary>
    public bool IsOptedOut { get; init; }

    /// <summary>The contact's tags (compared case-insensitively).</summary>
    public IReadOnlyCollection<string> Tags { get; init; } = [];

    /// <summary>Per rule id, when that rule last fired for this contact (drives once-per-contact and cooldown).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastFiredByRuleId { get; init; } = EmptyHistory;

    private static readonly IReadOnlyDictionary<string, DateTimeOffset> EmptyHistory = new Dictionary<string, DateTimeOffset>();
}

/// <summary>Options of one evaluation.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Default options: no trace.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Also return an <see cref="EvaluationTrace"/> explaining every rule and condition (slower; for the "test a message" console).</summary>
    public bool Trace { get; init; }
}
