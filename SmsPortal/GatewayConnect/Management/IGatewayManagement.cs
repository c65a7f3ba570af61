using SmsPortal.Endpoints;
using SmsPortal.Outbound;

namespace SmsPortal.GatewayConnect.Management;

/// <summary>A phone the gateway's API knows: its id, a name, when it was last seen and its number when known.</summary>
public sealed record RemoteDevice(string Id, string Name, DateTimeOffset? LastSeen, string? PhoneNumber);

/// <summary>
/// What connecting did at the gateway: the webhooks it holds for the endpoint, whether its API took the signing key,
/// and, for what the API could not do, exactly what the user must paste where.
/// </summary>
public sealed record RemoteSetup(IReadOnlyList<string> WebhookIds, bool SigningKeySet, IReadOnlyList<string> ManualSteps);

/// <summary>
/// One gateway's management API, as far as connecting, rotating, health and catch-up need it. Each implementation
/// is stateless: credentials come in <see cref="GatewayOptions"/> on every call.
/// </summary>
public interface IGatewayManagement
{
    GatewayType Type { get; }

    /// <summary>The wire format the gateway posts in (the endpoint's format).</summary>
    EndpointFormat Format { get; }

    /// <summary>The phones on the account; also the credentials check (a refusal throws <see cref="GatewayApiException"/>).</summary>
    Task<IReadOnlyList<RemoteDevice>> DevicesAsync(GatewayOptions settings, CancellationToken cancellationToken);

    /// <summary>Registers <paramref name="hookUrl"/> for received messages and status events, signed with <paramref name="secret"/>.</summary>
    Task<RemoteSetup> RegisterAsync(GatewayOptions settings, string hookUrl, string secret, IReadOnlyList<RemoteDevice> devices, CancellationToken cancellationToken);

    /// <summary>Gives the gateway a new signing key; false when its API cannot take one (the user pastes it instead).</summary>
    Task<bool> SetSigningKeyAsync(GatewayOptions settings, string hookUrl, string secret, CancellationToken cancellationToken);

    /// <summary>The gateway service's own health ("pass", "warn", "fail"), where its API reports one; null otherwise.</summary>
    Task<string?> HealthAsync(GatewayOptions settings, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
