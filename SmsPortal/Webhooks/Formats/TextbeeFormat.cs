using System.Security.Cryptography;
using System.Text.Json;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;

namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// textbee (textbee.dev): a flat JSON body with <c>webhookEvent</c>, signed with <c>X-Signature</c> = hex
/// HMAC-SHA256 over the body, keyed with the secret's UTF-8 bytes. textbee signs no timestamp, so there is no replay
/// window to enforce; idempotency is what makes a replay harmless.
/// </summary>
/// <remarks>
/// Field names are inferred from textbee's open-source server (api/src/webhook/webhook.service.ts and
/// webhook-event.enum.ts in vernu/textbee), not from a published schema: every event carries <c>smsId</c>,
/// <c>message</c>, <c>deviceId</c>, <c>webhookSubscriptionId</c>, <c>webhookEvent</c> and <c>idempotencyKey</c>;
/// received adds <c>sender</c> and <c>receivedAt</c>; sent/delivered/failed add <c>recipient</c>, <c>status</c>,
/// <c>smsBatchId</c> and <c>sentAt</c>/<c>deliveredAt</c>, failed adds <c>errorCode</c>, <c>errorMessage</c> and
/// <c>failedAt</c>. textbee signs <c>JSON.stringify(payload)</c> and posts the same serialisation, so the raw body
/// is what was signed. It makes one <c>idempotencyKey</c> per notification and reuses it on every retry of it.
/// </remarks>
public sealed class TextbeeFormat : IGatewayFormat
{
    public const string SignatureHeader = "X-Signature";

    public static TextbeeFormat Instance { get; } = new();

    public string Name => "textbee";

    public bool Verify(GatewayRequest request, IReadOnlyList<SigningKey> keys, DateTimeOffset now)
    {
        Span<byte> candidate = stackalloc byte[SignatureParts.Sha256Size];
        if (!SignatureParts.TryParseHexDigest(request.Header(SignatureHeader), candidate))
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[SignatureParts.Sha256Size];
        var matched = false;
        foreach (var key in keys)
        {
            if (!key.IsValidAt(now))
            {
                continue;
            }
            HMACSHA256.HashData(key.Secret, request.Body.Span, expected);
            matched |= SignatureParts.MatchesAny(expected, candidate, 1);
        }
        return matched;
    }

    public GatewayEvent Parse(GatewayRequest request, DateTimeOffset now)
    {
        try
        {
            using var document = GatewayJson.ParseObject(request.Body);
            var root = document.RootElement;
            var eventType = GatewayJson.RequiredString(root, "webhookEvent", "webhookEvent");
            return eventType switch
            {
                "MESSAGE_RECEIVED" => ParseReceived(root),
                "MESSAGE_SENT" => ParseStatus(root, ReportedStatus.Sent, "sentAt"),
                "MESSAGE_DELIVERED" => ParseStatus(root, ReportedStatus.Delivered, "deliveredAt"),
                "MESSAGE_FAILED" => ParseStatus(root, ReportedStatus.Failed, "failedAt"),
                // UNKNOWN_STATE, SMS_STATUS_UPDATED and anything added later.
                _ => new IgnoredEvent(eventType),
            };
        }
        catch (FieldException e)
        {
            return e.ToFailure();
        }
    }

    private static InboundSms ParseReceived(JsonElement root)
    {
        var smsId = GatewayJson.OptionalString(root, "smsId", "smsId");
        var idempotencyKey = GatewayJson.OptionalString(root, "idempotencyKey", "idempotencyKey");
        var (key, keyField) = !string.IsNullOrEmpty(idempotencyKey) ? (idempotencyKey, "idempotencyKey")
            : !string.IsNullOrEmpty(smsId) ? (smsId, "smsId")
            : throw new FieldException("idempotencyKey", "'idempotencyKey' or 'smsId' is required.");
        var sender = GatewayJson.RequiredString(root, "sender", "sender");
        var text = GatewayJson.RequiredString(root, "message", "message");
        var receivedAt = GatewayJson.RequiredTimestamp(root, "receivedAt", "receivedAt");
        var deviceId = GatewayJson.OptionalString(root, "deviceId", "deviceId");
        // textbee does not say which of the phone's numbers received the message, nor on which SIM.
        return InboundSmsFactory.Create((key, keyField), (sender, "sender"), (null, "to"), (text, "message"), receivedAt, (deviceId, "deviceId"), null);
    }

    /// <summary>
    /// <c>smsId</c> is textbee's id for the outbound SMS, returned when the portal sends; textbee has no field for a
    /// caller-supplied id, so <see cref="StatusUpdate.OutboundId"/> stays null and the sender must store smsId.
    /// </summary>
    private static StatusUpdate ParseStatus(JsonElement root, ReportedStatus status, string timeField)
    {
        var smsId = GatewayJson.RequiredString(root, "smsId", "smsId");
        if (smsId.Length == 0)
        {
            throw new FieldException("smsId", "'smsId' must not be empty.");
        }
        var recipient = GatewayJson.OptionalString(root, "recipient", "recipient");
        var occurredAt = GatewayJson.OptionalTimestamp(root, timeField, timeField);
        var errorCode = GatewayJson.OptionalCode(root, "errorCode", "errorCode");
        var errorMessage = GatewayJson.OptionalString(root, "errorMessage", "errorMessage");
        return new StatusUpdate(new DeliveryReport(smsId, null, status, recipient is null ? null : PhoneNumberText.Normalize(recipient),
            errorMessage, errorCode, occurredAt?.ToUniversalTime())
        {
            GatewayBatchId = GatewayJson.OptionalString(root, "smsBatchId", "smsBatchId"),
        });
    }
}
