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
    /// <summary>
    /// Off (the default): for the phone gateways' formats (SMSGate, textbee, httpSMS), the same device, sender and text
    /// within a few seconds is one message even under a new gateway id. On for senders that really repeat (trackers).
    /// </summary>
    public bool KeepRepeatedTexts { get; set; }
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

/// <summary>Which gateway's wire format (signature scheme and payload) an endpoint accepts.</summary>
public enum EndpointFormat
{
    /// <summary>SmsPortal's own: <c>X-Signature</c> over the raw body, the JSON payload of the contract.</summary>
    Native = 0,
    StandardWebhooks = 1,
    /// <summary>SMSGate (android-sms-gateway).</summary>
    SmsGate = 2,
    Textbee = 3,
    /// <summary>Twilio: signed with the account's auth token, which the user enters as the secret.</summary>
    Twilio = 4,
    /// <summary>httpSMS (httpsms.com): a JWT signed with the webhook's signing key, which the user enters as the secret.</summary>
    HttpSms = 5,
}
