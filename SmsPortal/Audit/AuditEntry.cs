namespace SmsPortal.Audit;

public sealed class AuditEntry
{
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public string? Detail { get; init; }
}

/// <summary>Who did something: a signed-in user, or the operator at the admin CLI.</summary>
public sealed record Actor(string? UserId, string Name)
{
    public static Actor Cli(string? onBehalfOf = null) =>
        new(null, onBehalfOf is null ? "cli" : $"cli ({onBehalfOf})");

    public override string ToString() => Name;
}

public static class AuditActions
{
    public const string EndpointCreated = "endpoint.created";
    public const string EndpointSecretRevealed = "endpoint.secret.revealed";
    public const string EndpointSecretRotated = "endpoint.secret.rotated";
    public const string EndpointEnabled = "endpoint.enabled";
    public const string EndpointDisabled = "endpoint.disabled";
    public const string EndpointDeleted = "endpoint.deleted";
    public const string EndpointFormatChanged = "endpoint.format.changed";
    public const string EndpointTestDelivery = "endpoint.test_delivery";
}
