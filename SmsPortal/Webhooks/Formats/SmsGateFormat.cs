using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;

namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// SMSGate (android-sms-gateway, sms-gate.app): the phone app posts <c>{deviceId, event, id, payload, webhookId}</c>
/// signed with <c>X-Signature</c> = hex HMAC-SHA256 over the body bytes followed by the <c>X-Timestamp</c> text.
/// Field names follow SMSGate's webhook documentation (docs/features/webhooks.md and the February 2026 note adding
/// <c>sender</c>/<c>recipient</c>); the older <c>phoneNumber</c> is still read so phones on older app versions work.
/// </summary>
public sealed class SmsGateFormat : IGatewayFormat
{
    public const string SignatureHeader = "X-Signature";
    public const string TimestampHeader = "X-Timestamp";

    public static SmsGateFormat Instance { get; } = new();

    public string Name => "smsgate";

    public bool Verify(GatewayRequest request, IReadOnlyList<SigningKey> keys, DateTimeOffset now)
    {
        var timestamp = request.Header(TimestampHeader);
        Span<byte> candidate = stackalloc byte[SignatureParts.Sha256Size];
        if (!SignatureParts.IsFreshUnixTimestamp(timestamp, now) || !SignatureParts.TryParseHexDigest(request.Header(SignatureHeader), candidate))
        {
            return false;
        }

        // The timestamp is appended as the exact header text (digits only, checked above), not re-formatted.
        var suffix = Encoding.UTF8.GetBytes(timestamp!);
        Span<byte> expected = stackalloc byte[SignatureParts.Sha256Size];
        var matched = false;
        foreach (var key in keys)
        {
            if (!key.IsValidAt(now))
            {
                continue;
            }
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Secret);
            hmac.AppendData(request.Body.Span);
            hmac.AppendData(suffix);
            hmac.GetHashAndReset(expected);
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
            var eventType = GatewayJson.RequiredString(root, "event", "event");
            return eventType switch
            {
                "sms:received" => ParseReceived(root),
                "sms:sent" => ParseStatus(root, ReportedStatus.Sent, "sentAt"),
                "sms:delivered" => ParseStatus(root, ReportedStatus.Delivered, "deliveredAt"),
                "sms:failed" => ParseStatus(root, ReportedStatus.Failed, "failedAt"),
                // system:ping, sms:data-received, mms:received and whatever SMSGate adds next.
                _ => new IgnoredEvent(eventType),
            };
        }
        catch (FieldException e)
        {
            return e.ToFailure();
        }
    }

    /// <summary>
    /// The idempotency key for a received SMS. Not the event <c>id</c>: SMSGate can emit several events with
    /// different ids for one SMS. Not <c>messageId</c> alone either: it is a hash of the content, so two identical
    /// texts would collide. Message, device and receive instant together name one SMS on one phone. The instant is
    /// written in UTC so the key does not change if the phone's time zone does between retries.
    /// </summary>
    public static string IdempotencyKey(string messageId, string deviceId, DateTimeOffset receivedAt) =>
        string.Join(':', messageId, deviceId, receivedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>What the app puts in <c>X-Signature</c> (for tests).</summary>
    public static string Sign(ReadOnlySpan<byte> body, string timestamp, ReadOnlySpan<byte> secretUtf8)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secretUtf8);
        hmac.AppendData(body);
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp));
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    private static InboundSms ParseReceived(JsonElement root)
    {
        var deviceId = GatewayJson.RequiredString(root, "deviceId", "deviceId");
        var payload = GatewayJson.RequiredObject(root, "payload", "payload");
        var messageId = GatewayJson.RequiredString(payload, "messageId", "payload.messageId");
        var text = GatewayJson.RequiredString(payload, "message", "payload.message");
        var (sender, senderField) = Party(payload, "sender");
        var recipient = GatewayJson.OptionalString(payload, "recipient", "payload.recipient");
        // Null on some Android devices, per SMSGate's docs.
        var simNumber = GatewayJson.OptionalInt(payload, "simNumber", "payload.simNumber");
        // Device-local time with its offset; stored in UTC.
        var receivedAt = GatewayJson.RequiredTimestamp(payload, "receivedAt", "payload.receivedAt");

        if (messageId.Length == 0)
        {
            throw new FieldException("payload.messageId", "'payload.messageId' must not be empty.");
        }
        var key = IdempotencyKey(messageId, deviceId, receivedAt);
        if (key.Length > InboundSms.MaxIdLength)
        {
            throw new FieldException("payload.messageId",
                $"'payload.messageId' and 'deviceId' together must be short enough for a {InboundSms.MaxIdLength}-character idempotency key.");
        }
        return InboundSmsFactory.Create((key, "payload.messageId"), (sender, senderField), (recipient, "payload.recipient"),
            (text, "payload.message"), receivedAt, (deviceId, "deviceId"), simNumber);
    }

    /// <summary>
    /// <c>messageId</c> is SMSGate's id for the outbound message, which is the id the portal supplied when it sent
    /// the message (SMSGate only generates one when none was given), so the sender should always supply its own.
    /// SMSGate reports per recipient, so <see cref="StatusUpdate.Recipient"/> matters for messages to several numbers.
    /// </summary>
    private static StatusUpdate ParseStatus(JsonElement root, ReportedStatus status, string timeField)
    {
        var payload = GatewayJson.RequiredObject(root, "payload", "payload");
        var messageId = GatewayJson.RequiredString(payload, "messageId", "payload.messageId");
        if (messageId.Length == 0)
        {
            throw new FieldException("payload.messageId", "'payload.messageId' must not be empty.");
        }
        // For outbound events "recipient" is the number sent to; "phoneNumber" meant the same before it was added.
        var recipient = GatewayJson.OptionalString(payload, "recipient", "payload.recipient")
            ?? GatewayJson.OptionalString(payload, "phoneNumber", "payload.phoneNumber");
        var occurredAt = GatewayJson.OptionalTimestamp(payload, timeField, "payload." + timeField);
        // Documented for sms:failed only; read for any status so an unexpected one is kept rather than lost.
        var reason = GatewayJson.OptionalString(payload, "reason", "payload.reason");
        return new StatusUpdate(new DeliveryReport(messageId, null, status, recipient is null ? null : PhoneNumberText.Normalize(recipient),
            reason, null, occurredAt?.ToUniversalTime()));
    }

    /// <summary>For inbound events <c>sender</c> is the external number; older app versions only send <c>phoneNumber</c>.</summary>
    private static (string Value, string Field) Party(JsonElement payload, string name)
    {
        if (GatewayJson.OptionalString(payload, name, "payload." + name) is { } value)
        {
            return (value, "payload." + name);
        }
        if (GatewayJson.OptionalString(payload, "phoneNumber", "payload.phoneNumber") is { } legacy)
        {
            return (legacy, "payload.phoneNumber");
        }
        throw new FieldException("payload." + name, $"'payload.{name}' is required.");
    }
}
