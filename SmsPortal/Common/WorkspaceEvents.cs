using System.Text.Json;
using SmsPortal.Data;

namespace SmsPortal.Common;


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

    /// <summary>A rule's forward action: sent only to the webhook the rule names, so not one a webhook subscribes to.</summary>
    public const string MessageForwarded = "message.forwarded";

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

/// <summary>Something that happened in a workspace, kept until every subscription that wants it has a delivery.</summary>
public sealed class WorkspaceEvent
{
    /// <summary><c>evt_</c> + time-ordered: also the <c>webhook-id</c> every receiver gets, on every retry and replay.</summary>
    public required string Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Type { get; init; }
    /// <summary>The whole body sent: <c>{"type", "timestamp", "data"}</c>.</summary>
    public required string Payload { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Set once its deliveries exist.</summary>
    public bool FannedOut { get; set; }
}


/// <summary>
/// How features raise an event: one call where the change is made. The event joins that change's unit of work (so
/// both commit or neither) and is fanned out to the workspace's subscriptions by the event webhooks' dispatcher.
/// </summary>
public static class WorkspaceEventExtensions
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    public static WorkspaceEvent RaiseEvent(this AppDbContext db, Guid workspaceId, string type, object data, DateTimeOffset at)
    {
        var raised = new WorkspaceEvent
        {
            Id = OpaqueId.NewTimeOrdered("evt_", TimeProvider.System),
            WorkspaceId = workspaceId,
            Type = type,
            Payload = JsonSerializer.Serialize(new { type, timestamp = at, data }, PayloadJson),
            CreatedAt = at,
        };
        db.WorkspaceEvents.Add(raised);
        return raised;
    }

    /// <summary>For a change already committed (an <c>ExecuteUpdate</c>): the event in a commit of its own.</summary>
    public static async Task RaiseEventAsync(
        this Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext> dbFactory, Guid workspaceId, string type, object data, DateTimeOffset at)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.RaiseEvent(workspaceId, type, data, at);
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
