using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Endpoints;
using SmsPortal.GatewayConnect.Management;
using SmsPortal.Outbound;

namespace SmsPortal.GatewayConnect;

/// <summary>
/// Rotating a connected endpoint's secret gives the gateway the new signing key in the same step. Whatever the
/// gateway answers, the rotation stands: the previous secret stays valid for the grace period, so a gateway that
/// could not be updated keeps working until the user pastes the new key, and the note says so.
/// </summary>
internal sealed class GatewayKeySync(
    IDbContextFactory<AppDbContext> dbFactory,
    IEnumerable<IGatewayManagement> apis,
    GatewaySettingsService gatewaySettings,
    TimeProvider time,
    ILogger<GatewayKeySync> logger) : IEndpointSecretListener
{
    public async Task<string?> SecretRotatedAsync(
        Guid workspaceId, string endpointId, string newSecret, DateTimeOffset previousValidUntil, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await db.GatewayConnections.SingleOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.EndpointId == endpointId, cancellationToken);
        if (connection is null || apis.FirstOrDefault(a => a.Type == connection.Type) is not { } api)
        {
            return null;
        }
        var revoked = previousValidUntil <= time.GetUtcNow();
        var validUntil = previousValidUntil.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var until = revoked ? "now: the previous secret was revoked" : $"before {validUntil}, when the previous secret stops working";
        var settings = await gatewaySettings.EffectiveAsync(workspaceId, cancellationToken);
        if (!settings.IsWorkspaceGateway || settings.Type != connection.Type)
        {
            return $"{connection.Type} was not updated: this team's gateway is no longer {connection.Type}. Paste the new secret there {until}.";
        }
        try
        {
            if (!await api.SetSigningKeyAsync(settings, connection.HookUrl, newSecret, cancellationToken))
            {
                return $"{connection.Type}'s API does not take the signing key: paste the new secret in the app (Settings → Webhooks → Signing Key) {until}.";
            }
        }
        catch (GatewayApiException ex)
        {
            logger.LogWarning("Could not give {Gateway} the rotated signing key of {EndpointId}: {Reason}", connection.Type, endpointId, ex.Message);
            return $"{connection.Type}'s signing key could not be updated ({ex.Message}). Paste the new secret there {until}.";
        }
        connection.SigningKeyAtGateway = true;
        connection.SigningKeyUpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return revoked
            ? $"{connection.Type} now signs with the new secret; the previous one was revoked."
            : $"{connection.Type} now signs with the new secret; the previous one is still accepted until {validUntil}.";
    }
}
