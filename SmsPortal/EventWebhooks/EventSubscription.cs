using SmsPortal.Common;

namespace SmsPortal.EventWebhooks;

/// <summary>A URL of the workspace's that receives the events it chose, signed the Standard Webhooks way.</summary>
public sealed class EventSubscription
{
    /// <summary><c>ewh_</c> + random.</summary>
    public required string Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Url { get; set; }
    public string? Description { get; set; }
    /// <summary>Space-separated event types from <see cref="EventTypes.All"/>.</summary>
    public required string Events { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>Why the portal turned it off (a long failing streak); null when a person did or it is on.</summary>
    public string? DisabledReason { get; set; }
    /// <summary>The current <c>whsec_</c> secret, encrypted.</summary>
    public required string ProtectedSecret { get; set; }
    /// <summary>The secret before the last rotation, still signed with until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousProtectedSecret { get; set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }
    /// <summary>Failed attempts since the last success.</summary>
    public int FailureStreak { get; set; }
    public DateTimeOffset? FailingSince { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public IEnumerable<string> EventList => ParseEvents(Events);

    /// <summary>The event types of a stored <see cref="Events"/> value (space-separated).</summary>
    public static string[] ParseEvents(string events) => events.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One event to one subscription, retried with backoff until it is accepted or given up.</summary>
public sealed class EventDelivery : SmsPortal.Work.ILeased
{
    /// <summary><c>evd_</c> + time-ordered.</summary>
    public required string Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string EventId { get; init; }
    public required string SubscriptionId { get; init; }
    public required string EventType { get; init; }
    public EventDeliveryStatus Status { get; set; } = EventDeliveryStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public static EventDelivery Of(WorkspaceEvent raised, string subscriptionId, TimeProvider time) => new()
    {
        Id = OpaqueId.NewTimeOrdered("evd_", time),
        WorkspaceId = raised.WorkspaceId,
        EventId = raised.Id,
        SubscriptionId = subscriptionId,
        EventType = raised.Type,
        CreatedAt = time.GetUtcNow(),
    };
}

public enum EventDeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>One HTTP attempt of a delivery, for the portal's log.</summary>
public sealed class EventDeliveryAttempt
{
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string DeliveryId { get; init; }
    public DateTimeOffset At { get; init; }
    public int? StatusCode { get; init; }
    public int LatencyMs { get; init; }
    /// <summary>The first bytes of the receiver's answer, or our words for what went wrong.</summary>
    public string? Response { get; init; }
    public bool Succeeded { get; init; }
}
