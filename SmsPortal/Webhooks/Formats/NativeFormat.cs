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
        // The JSON reader checks structure, not the bytes inside strings: check the whole body first.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return new ParseFailure(null, "The body is not valid UTF-8 JSON.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return new ParseFailure(null, "The body is not valid UTF-8 JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ParseFailure(null, "The body must be a JSON object.");
            }

            if (!TryString(root, "id", required: true, out var id, out var error))
            {
                return error!;
            }
            if (id!.Length is 0 or > InboundSms.MaxIdLength)
            {
                return new ParseFailure("id", $"'id' must be 1 to {InboundSms.MaxIdLength} characters.");
            }

            if (!TryString(root, "from", required: true, out var rawFrom, out error))
            {
                return error!;
            }
            var from = PhoneNumberText.Normalize(rawFrom!);
            if (from.Length is 0 or > InboundSms.MaxNumberLength)
            {
                return new ParseFailure("from", $"'from' must be a sender number of 1 to {InboundSms.MaxNumberLength} characters.");
            }

            if (!TryString(root, "to", required: false, out var rawTo, out error))
            {
                return error!;
            }
            var to = rawTo is null ? null : PhoneNumberText.Normalize(rawTo);
            if (to?.Length > InboundSms.MaxNumberLength)
            {
                return new ParseFailure("to", $"'to' must be at most {InboundSms.MaxNumberLength} characters.");
            }

            if (!TryString(root, "text", required: true, out var text, out error))
            {
                return error!;
            }
            if (text!.Length > InboundSms.MaxTextLength && text.EnumerateRunes().Count() > InboundSms.MaxTextLength)
            {
                return new ParseFailure("text", $"'text' must be at most {InboundSms.MaxTextLength:N0} characters.");
            }

            if (!TryString(root, "receivedAt", required: true, out var receivedText, out error))
            {
                return error!;
            }
            if (!TryParseRfc3339(receivedText!, out var receivedAt))
            {
                return new ParseFailure("receivedAt", "'receivedAt' must be an RFC 3339 timestamp with an offset, e.g. 2026-11-23T20:00:00Z.");
            }

            if (!TryString(root, "deviceId", required: false, out var deviceId, out error))
            {
                return error!;
            }
            if (deviceId?.Length > InboundSms.MaxDeviceIdLength)
            {
                return new ParseFailure("deviceId", "'deviceId' must be at most 128 characters.");
            }

            int? simSlot = null;
            if (root.TryGetProperty("simSlot", out var slot) && slot.ValueKind != JsonValueKind.Null)
            {
                if (slot.ValueKind != JsonValueKind.Number || !slot.TryGetInt32(out var slotValue))
                {
                    return new ParseFailure("simSlot", "'simSlot' must be an integer.");
                }
                simSlot = slotValue;
            }

            return new InboundSms(id, from, to, text, receivedAt.ToUniversalTime(), deviceId, simSlot);
        }
    }

    private static bool TryString(JsonElement root, string name, bool required, out string? value, out ParseFailure? error)
    {
        value = null;
        error = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error = new ParseFailure(name, $"'{name}' is required.");
                return false;
            }
            return true;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            error = new ParseFailure(name, $"'{name}' must be a string.");
            return false;
        }
        value = element.GetString();
        return true;
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
