using System.Globalization;
using System.Text.Json;
using SmsPortal.Common;
using SmsPortal.Endpoints;

namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// SmsPortal's own format (docs/webhooks.md, "Payload"): <c>X-Signature</c> is the HMAC-SHA256 of the raw body
/// (<see cref="SignatureVerifier"/>) and the body is one JSON message, validated field by field. Only a verified
/// delivery can mark itself a test: the portal's own test send signs with the current secret.
/// </summary>
public sealed class NativeFormat : IGatewayFormat
{
    public static readonly NativeFormat Instance = new();

    /// <summary>Set to <c>1</c> by the portal's test delivery; honoured only when the signature verified.</summary>
    public const string TestHeaderName = "X-SmsPortal-Test";

    public string Name => "native";

    public bool Verify(GatewayRequest request, IReadOnlyList<SigningKey> keys, DateTimeOffset now) =>
        SignatureVerifier.Verify(request.Body.Span, request.Header(SignatureVerifier.HeaderName), keys, now);

    public GatewayEvent Parse(GatewayRequest request, DateTimeOffset now) => ParseBody(request.Body) switch
    {
        InboundSms sms => sms with { IsTest = request.Header(TestHeaderName) == "1" },
        var failure => failure,
    };

    /// <summary>Parses a native body (also the body of a Standard Webhooks delivery). Errors name the field at fault.</summary>
    public static GatewayEvent ParseBody(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = GatewayJson.ParseObject(body);
            var root = document.RootElement;
            var id = Checked("id", GatewayJson.RequiredString(root, "id", "id"), v => v.Length is > 0 and <= InboundSms.MaxIdLength,
                $"'id' must be 1 to {InboundSms.MaxIdLength} characters.");
            var from = Checked("from", PhoneNumberText.Normalize(GatewayJson.RequiredString(root, "from", "from")), v => v.Length is > 0 and <= InboundSms.MaxNumberLength,
                $"'from' must be a sender number of 1 to {InboundSms.MaxNumberLength} characters.");
            var to = GatewayJson.OptionalString(root, "to", "to") is { } rawTo
                ? Checked("to", PhoneNumberText.Normalize(rawTo), v => v.Length <= InboundSms.MaxNumberLength, $"'to' must be at most {InboundSms.MaxNumberLength} characters.")
                : null;
            var text = Checked("text", GatewayJson.RequiredString(root, "text", "text"),
                v => v.Length <= InboundSms.MaxTextLength || v.EnumerateRunes().Count() <= InboundSms.MaxTextLength,
                $"'text' must be at most {InboundSms.MaxTextLength:N0} characters.");
            if (!TryParseRfc3339(GatewayJson.RequiredString(root, "receivedAt", "receivedAt"), out var receivedAt))
            {
                throw new FieldException("receivedAt", "'receivedAt' must be an RFC 3339 timestamp with an offset, e.g. 2026-11-23T20:00:00Z.");
            }
            var deviceId = GatewayJson.OptionalString(root, "deviceId", "deviceId") is { } rawDevice
                ? Checked("deviceId", rawDevice, v => v.Length <= InboundSms.MaxDeviceIdLength, "'deviceId' must be at most 128 characters.")
                : null;
            return new InboundSms(id, from, to, text, receivedAt.ToUniversalTime(), deviceId, SimSlot(root));
        }
        catch (FieldException e)
        {
            return e.ToFailure();
        }
    }

    private static string Checked(string field, string value, Func<string, bool> valid, string error) =>
        valid(value) ? value : throw new FieldException(field, error);

    private static int? SimSlot(JsonElement root)
    {
        if (!root.TryGetProperty("simSlot", out var slot) || slot.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return slot.ValueKind == JsonValueKind.Number && slot.TryGetInt32(out var value)
            ? value
            : throw new FieldException("simSlot", "'simSlot' must be an integer.");
    }

    private static bool TryParseRfc3339(string text, out DateTimeOffset value)
    {
        value = default;
        // RFC 3339 needs a date, a time and an explicit offset ('Z' or ±hh:mm).
        var timeStart = text.IndexOfAny(['T', 't', ' ']);
        if (timeStart < 10 || text.Length < 20)
        {
            return false;
        }
        var tail = text.AsSpan(timeStart);
        var hasOffset = tail.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || tail.LastIndexOfAny('+', '-') > 0;
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
