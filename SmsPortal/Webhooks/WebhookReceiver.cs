using System.Text;
using SmsPortal.Messages;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;
using SmsPortal.Webhooks.Formats;

namespace SmsPortal.Webhooks;

/// <param name="Logged">The delivery log entry is committed (with the message, or appended durably on its own).</param>
public readonly record struct ReceiveResult(
    DeliveryOutcome Outcome, string? MessageId = null, string? Detail = null, string? Field = null, string? ExternalId = null, bool Logged = false);

/// <summary>The log entry of a verified delivery with this result; <paramref name="body"/> is the body as text.</summary>
public delegate DeliveryLogEntry DeliveryLogEntryOf(ReceiveResult result, string body);

/// <summary>
/// One delivery, once its body is in memory: verify the signature on the raw bytes with the endpoint's format,
/// then parse, then store (or hand a status report to the outbox). Nothing is parsed or stored when the signature fails.
/// With <c>log</c>, every verified delivery's log entry is committed before the result is returned
/// (<see cref="ReceiveResult.Logged"/>); a message's entry goes in the message's own transaction.
/// </summary>
public sealed class WebhookReceiver(InboundMessageStore store, IDeliveryReports reports, TimeProvider time, IHeldReplies? heldReplies = null)
{
    public async Task<ReceiveResult> ReceiveAsync(
        ResolvedEndpoint endpoint, ReadOnlyMemory<byte> body, Func<string, string?> header, string? publicUrl, CancellationToken cancellationToken,
        DeliveryLogEntryOf? log = null)
    {
        var now = time.GetUtcNow();
        var format = GatewayFormats.For(endpoint.Format);
        var request = new GatewayRequest(body, header, publicUrl);
        if (!format.Verify(request, endpoint.Keys, now))
        {
            return new ReceiveResult(DeliveryOutcome.BadSignature);
        }
        var parsed = format.Parse(request, now);
        if (parsed is InboundSms sms)
        {
            return await StoreAsync(endpoint, body, sms, now, log, cancellationToken);
        }
        var result = parsed switch
        {
            StatusUpdate { Report: var report } => new ReceiveResult(DeliveryOutcome.StatusUpdate,
                await reports.ApplyAsync(endpoint.WorkspaceId, report, cancellationToken),
                Detail: $"{report.Status} for gateway message {report.GatewayMessageId}"),
            IgnoredEvent ignored => new ReceiveResult(DeliveryOutcome.Ignored, Detail: $"'{ignored.EventType}' events are not used"),
            ParseFailure failure => new ReceiveResult(DeliveryOutcome.BadPayload, Detail: failure.Error, Field: failure.Field),
            var other => throw new InvalidOperationException($"Unexpected gateway event {other.GetType().Name}."),
        };
        return log is null ? result : result with { Logged = await store.AppendLogAsync(log(result, Encoding.UTF8.GetString(body.Span)), cancellationToken) };
    }

    private async Task<ReceiveResult> StoreAsync(
        ResolvedEndpoint endpoint, ReadOnlyMemory<byte> body, InboundSms sms, DateTimeOffset now, DeliveryLogEntryOf? log, CancellationToken cancellationToken)
    {
        var message = new InboundMessage
        {
            Id = OpaqueId.NewMessageId(time),
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
            IsTest = sms.IsTest,
            HoldReplies = heldReplies is not null && await heldReplies.HoldsAsync(endpoint.Id, sms.ReceivedAt, cancellationToken),
            RawPayload = Encoding.UTF8.GetString(body.Span),
        };
        ReceiveResult Result(StoreResult stored) =>
            new(stored.Outcome, stored.MessageId, Detail: stored.Detail, ExternalId: sms.ExternalId, Logged: stored.Logged);
        var stored = await store.StoreAsync(message, cancellationToken, dropRepeats: !endpoint.KeepRepeatedTexts && RepeatGuard.AppliesTo(endpoint.Format),
            log: log is null ? null : settled => log(Result(settled), message.RawPayload));
        return Result(stored);
    }
}
