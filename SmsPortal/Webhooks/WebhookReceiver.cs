using System.Text;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;
using SmsPortal.Webhooks.Formats;

namespace SmsPortal.Webhooks;

public readonly record struct ReceiveResult(DeliveryOutcome Outcome, string? MessageId = null, string? Detail = null, string? Field = null, string? ExternalId = null);

/// <summary>
/// One delivery, once its body is in memory: verify the signature on the raw bytes with the endpoint's format,
/// then parse, then store (or apply a status event). Nothing is parsed or stored when the signature fails.
/// </summary>
public sealed class WebhookReceiver(InboundMessageStore store, OutboundStatusUpdater statuses, TimeProvider time)
{
    public async Task<ReceiveResult> ReceiveAsync(
        ResolvedEndpoint endpoint, ReadOnlyMemory<byte> body, Func<string, string?> header, string? publicUrl, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (endpoint.Format == EndpointFormat.Native)
        {
            if (!SignatureVerifier.Verify(body.Span, header(SignatureVerifier.HeaderName), endpoint.Keys, now))
            {
                return new ReceiveResult(DeliveryOutcome.BadSignature);
            }
            var parsed = NativePayload.Parse(body);
            // Only a verified delivery can mark itself a test: the portal's own test send signs with the current secret.
            var isTest = header(TestDelivery.HeaderName) == "1";
            return parsed.Payload is { } payload
                ? await StoreAsync(endpoint, body, new InboundSms(payload.Id, payload.From, payload.To, payload.Text, payload.ReceivedAt, payload.DeviceId, payload.SimSlot), now, cancellationToken, isTest)
                : new ReceiveResult(DeliveryOutcome.BadPayload, Detail: parsed.Error, Field: parsed.Field);
        }

        var format = Format(endpoint.Format);
        var request = new GatewayRequest(body, header, publicUrl);
        if (!format.Verify(request, endpoint.Keys, now))
        {
            return new ReceiveResult(DeliveryOutcome.BadSignature);
        }
        return format.Parse(request, now) switch
        {
            InboundSms sms => await StoreAsync(endpoint, body, sms, now, cancellationToken),
            StatusUpdate update => new ReceiveResult(DeliveryOutcome.StatusUpdate,
                await statuses.ApplyAsync(endpoint.WorkspaceId, update, cancellationToken),
                Detail: $"{update.Status} for gateway message {update.GatewayMessageId}"),
            IgnoredEvent ignored => new ReceiveResult(DeliveryOutcome.Ignored, Detail: $"'{ignored.EventType}' events are not used"),
            ParseFailure failure => new ReceiveResult(DeliveryOutcome.BadPayload, Detail: failure.Error, Field: failure.Field),
            var other => throw new InvalidOperationException($"Unexpected gateway event {other.GetType().Name}."),
        };
    }

    public static IGatewayFormat Format(EndpointFormat format) => format switch
    {
        EndpointFormat.StandardWebhooks => StandardWebhooksFormat.Instance,
        EndpointFormat.SmsGate => SmsGateFormat.Instance,
        EndpointFormat.Textbee => TextbeeFormat.Instance,
        EndpointFormat.Twilio => TwilioFormat.Instance,
        EndpointFormat.HttpSms => HttpSmsFormat.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Native is not a gateway format."),
    };

    private async Task<ReceiveResult> StoreAsync(
        ResolvedEndpoint endpoint, ReadOnlyMemory<byte> body, InboundSms sms, DateTimeOffset now, CancellationToken cancellationToken, bool isTest = false)
    {
        var message = new InboundMessage
        {
            Id = Common.OpaqueId.NewMessageId(time),
            WorkspaceId = endpoint.WorkspaceId,
            EndpointId = endpoint.Id,
            ExternalId = sms.ExternalId,
            From = sms.From,
            To = sms.To,
            Text = sms.Text,
            ReceivedAt = sms.ReceivedAt.ToUniversalTime(),
            StoredAt = now,
            DeviceId = sms.DeviceId,
            SimSlot = sms.SimSlot,
            IsTest = isTest,
            RawPayload = Encoding.UTF8.GetString(body.Span),
        };
        var stored = await store.StoreAsync(message, cancellationToken);
        return stored.Outcome switch
        {
            StoreOutcome.Accepted => new ReceiveResult(DeliveryOutcome.Accepted, stored.MessageId, ExternalId: sms.ExternalId),
            StoreOutcome.Duplicate => new ReceiveResult(DeliveryOutcome.Duplicate, stored.MessageId, ExternalId: sms.ExternalId),
            _ => new ReceiveResult(DeliveryOutcome.Unavailable, ExternalId: sms.ExternalId),
        };
    }
}
