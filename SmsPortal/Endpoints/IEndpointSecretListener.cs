namespace SmsPortal.Endpoints;

/// <summary>
/// Told of a rotated secret inside the rotation itself, so a gateway whose API holds the signing key gets the new one
/// in the same step (the previous secret stays valid for the grace period meanwhile). Returns a line for the person
/// who rotated ("textbee's signing key was updated"), or null when the endpoint is not connected to such a gateway.
/// </summary>
public interface IEndpointSecretListener
{
    Task<string?> SecretRotatedAsync(Guid workspaceId, string endpointId, string newSecret, DateTimeOffset previousValidUntil, CancellationToken cancellationToken);
}
