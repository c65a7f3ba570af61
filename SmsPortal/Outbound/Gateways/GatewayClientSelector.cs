using Microsoft.Extensions.Options;

namespace SmsPortal.Outbound.Gateways;

/// <summary>
/// The <see cref="IGatewayClient"/> the dispatcher gets: on every send it reads <c>Gateway:Type</c> as it is now
/// and hands the message to that gateway's client, so editing appsettings.json switches gateway without a restart.
/// Each adapter is a typed HttpClient, resolved per call (cheap: the handlers are pooled by the factory).
/// </summary>
public sealed class GatewayClientSelector(IServiceProvider services, IOptionsMonitor<GatewayOptions> options) : IGatewayClient
{
    public Task<GatewaySendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        Resolve(options.CurrentValue.Type) is { } client
            ? client.SendAsync(message, cancellationToken)
            // The dispatcher does not send while no gateway is configured; if the type was cleared mid-batch, wait.
            : Task.FromResult(GatewaySendResult.Transient("No gateway is configured (Gateway:Type is None)."));

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
