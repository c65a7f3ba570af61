using SmsPortal.Common;

namespace SmsPortal.EventWebhooks;

/// <summary>The events a workspace can subscribe to.</summary>
public static class EventTypes
{
    public const string MessageReceived = "message.received";
    public const string MessageSent = "message.sent";
    public const string MessageDelivered = "message.delivered";
    public const string MessageFailed = "message.failed";
    public const string ContactOptedOut = "contact.opted_out";
    public const string ContactOptedIn = "contact.opted_in";
    public const string TicketOpened = "ticket.opened";

    public static IReadOnlyList<string> All { get; } =
        [MessageReceived, MessageSent, MessageDelivered, MessageFailed, ContactOptedOut, ContactOptedIn, TicketOpened];

    /// <exception cref="UserInputException">None given, or one is unknown.</exception>
    public static IReadOnlyList<string> Parse(IEnumerable<string>? events)
    {
        var given = (events ?? []).SelectMany(e => (e ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (given.FirstOrDefault(e => !All.Contains(e)) is { } unknown)
        {
            throw new UserInputException($"Unknown event '{unknown}'. Use any of: {string.Join(", ", All)}.");
        }
        return given.Count == 0
            ? throw new UserInputException($"Choose at least one event: {string.Join(", ", All)}.")
            : All.Where(given.Contains).ToList();
    }
}

/// <summary>The <c>data</c> of a message event.</summary>
public sealed record MessageEventData(
    string Id, string Direction, Guid? ContactId, string? From, string? To, string Text, string Status, DateTimeOffset At, string? FailureReason = null);

/// <summary>The <c>data</c> of a contact event.</summary>
public sealed record ContactEventData(Guid Id, string Number, string? Name, bool OptedOut, string Source);

/// <summary>The <c>data</c> of <c>ticket.opened</c>.</summary>
public sealed record TicketEventData(Guid Id, Guid ContactId, string Number, string Subject, string MessageId);
