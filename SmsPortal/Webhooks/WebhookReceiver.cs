using System.Text;
using Microsoft.Extensions.Options;
using SmsPortal.Endpoints;

namespace SmsPortal.Webhooks;

public readonly record struct ReceiveResult(DeliveryOutcome Outcome, string? MessageId = null, string? Detail = null, string? Field = null, ResolvedEndpoint? Endpoint = null);

/// <summary>
/// One delivery, once its body is in memory: verify the signature on the raw bytes, then parse, then store.
/// Nothing is parsed or stored for a request whose signature does not verify.
/// </summary>
public sealed class WebhookReceiver(InboundMessageStore store, TimeProvider time)
{
    public async Task<ReceiveResult> ReceiveAsync(ResolvedEndpoint endpoint, ReadOnlyMemory<byte> body, string? signatureHeader, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!SignatureVerifier.Verify(body.Span, signatureHeader, endpoint.Keys, now))
        {
            return new ReceiveResult(DeliveryOutcome.BadSignature, Endpoint: endpoint);
        }

        var parsed = NativePayload.Parse(body);
        if (parsed.Payload is not { } payload)
        {
            return new ReceiveResult(DeliveryOutcome.BadPayload, Detail: parsed.Error, Field: parsed.Field, Endpoint: endpoint);
        }

        var message = new InboundMessage
        {
            Id = Common.OpaqueId.NewMessageId(time),
            WorkspaceId = endpoint.WorkspaceId,
            EndpointId = endpoint.Id,
            ExternalId = payload.Id,
            From = payload.From,
            To = payload.To,
            Text = payload.Text,
            ReceivedAt = payload.ReceivedAt,
            StoredAt = now,
            DeviceId = payload.DeviceId,
            SimSlot = payload.SimSlot,
            RawPayload = Encoding.UTF8.GetString(body.Span),
        };
        var stored = await store.StoreAsync(message, cancellationToken);
        return stored.Outcome switch
        {
            StoreOutcome.Accepted => new ReceiveResult(DeliveryOutcome.Accepted, stored.MessageId, Endpoint: endpoint),
            StoreOutcome.Duplicate => new ReceiveResult(DeliveryOutcome.Duplicate, stored.MessageId, Endpoint: endpoint),
            _ => new ReceiveResult(DeliveryOutcome.Unavailable, Endpoint: endpoint),
        };
    }
}
