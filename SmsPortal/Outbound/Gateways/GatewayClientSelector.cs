using Microsoft.Extensions.Options;

namespace SmsPortal.Outbound.Gateways;

/// <summary>
/// The <see cref="IGatewayClient"/> the dispatcher gets: on every send it reads <c>Gateway:Type</c> as it is now
/// and hands the message to that gateway's client, so editing appsettings.json switches gateway without a restart.
/// Each adapter is a typed HttpClient, resolved per call (cheap: the handlers are pooled by the factory).
/// </summary>
/// <remarks>
/// With workspace gateways registered (<c>AddWorkspaceGateways</c>), a workspace that set its own gateway in the portal
/// sends through that one instead.
/// </remarks>
public sealed class GatewayClientSelector(
    IServiceProvider services, IOptionsMonitor<GatewayOptions> options, GatewaySettingsService? workspaceGateways = null) : IGatewayClient
{
    public async Task<GatewaySendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var settings = workspaceGateways is null
            ? options.CurrentValue
            : await workspaceGateways.EffectiveAsync(message.WorkspaceId, cancellationToken);
        return Resolve(settings.Type) is IGatewayAdapter adapter && settings.IsConfigured
            ? await adapter.SendAsync(message, settings, cancellationToken)
            // The dispatcher does not send while no gateway is configured; if the type was cleared mid-batch, wait.
            : GatewaySendResult.Transient("No gateway is configured for this workspace.");
    }

    /// <summary>The client for <paramref name="type"/>, or null for <see cref="GatewayType.None"/>.</summary>
    public IGatewayClient? Resolve(GatewayType type) => type switch
    {
        GatewayType.Generic => services.GetRequiredService<GenericRestGateway>(),
        GatewayType.SmsGate => services.GetRequiredService<SmsGateGateway>(),
        GatewayType.Textbee => services.GetRequiredService<TextbeeGateway>(),
        GatewayType.HttpSms => services.GetRequiredService<HttpSmsGateway>(),
        GatewayType.Twilio => services.GetRequiredService<TwilioGateway>(),
        _ => null,
    };
}
