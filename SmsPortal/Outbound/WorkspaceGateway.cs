namespace SmsPortal.Outbound;

/// <summary>
/// A workspace's own gateway, set in the portal; without one the installation's (appsettings.json) is used.
/// Credentials are kept encrypted with Data Protection, like endpoint secrets, and never shown again.
/// </summary>
public sealed class WorkspaceGateway
{
    public Guid WorkspaceId { get; init; }
    public GatewayType Type { get; set; }
    public string? BaseUrl { get; set; }
    public string? Username { get; set; }
    public string? DeviceId { get; set; }
    public string? From { get; set; }
    public string? AccountSid { get; set; }
    public string? MessagingServiceSid { get; set; }
    public string? StatusCallbackUrl { get; set; }
    /// <summary>API key, password and auth token as JSON, encrypted.</summary>
    public string? ProtectedSecrets { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
