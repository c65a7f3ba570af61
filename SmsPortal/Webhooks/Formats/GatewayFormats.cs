using SmsPortal.Endpoints;

namespace SmsPortal.Webhooks.Formats;

public static class GatewayFormats
{
    /// <summary>The format an endpoint is registered with.</summary>
    public static IGatewayFormat For(EndpointFormat format) => format switch
    {
        EndpointFormat.Native => NativeFormat.Instance,
        EndpointFormat.StandardWebhooks => StandardWebhooksFormat.Instance,
        EndpointFormat.SmsGate => SmsGateFormat.Instance,
        EndpointFormat.Textbee => TextbeeFormat.Instance,
        EndpointFormat.Twilio => TwilioFormat.Instance,
        EndpointFormat.HttpSms => HttpSmsFormat.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown endpoint format."),
    };
}
