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

/// <summary>Who did something: a signed-in user, the operator at the admin CLI, or the app itself (a rule).</summary>
public sealed record Actor(string? UserId, string Name)
{
    /// <summary>The operator at the admin CLI: has a shell on the server, so no workspace role is required.</summary>
    public bool IsOperator { get; private init; }

    public static Actor Cli(string? onBehalfOf = null) =>
        new(null, onBehalfOf is null ? "cli" : $"cli ({onBehalfOf})") { IsOperator = true };

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
    public const string EndpointRepeatsChanged = "endpoint.repeats.changed";
    public const string EndpointTestDelivery = "endpoint.test_delivery";
}
