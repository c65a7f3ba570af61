namespace SmsPortal.Endpoints;

/// <summary>A URL a gateway posts received SMS to: <c>/hooks/sms/{Id}</c>.</summary>
public sealed class WebhookEndpoint
{
    public required string Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;
    public EndpointFormat Format { get; set; } = EndpointFormat.Native;
    public DateTimeOffset CreatedAt { get; init; }
    public List<EndpointSecret> Secrets { get; init; } = [];

    public string Path => $"/hooks/sms/{Id}";
}

/// <summary>A signing secret, encrypted at rest. <see cref="ExpiresAt"/> is null for the current one.</summary>
public sealed class EndpointSecret
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string EndpointId { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string ProtectedValue { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; set; }
}

public enum EndpointFormat
{
    Native = 0,
}
