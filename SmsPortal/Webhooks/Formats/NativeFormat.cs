using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SmsPortal.Webhooks;

/// <summary>The native JSON body (contract section 4), validated field by field.</summary>
public sealed record NativePayload(string Id, string From, string? To, string Text, DateTimeOffset ReceivedAt, string? DeviceId, int? SimSlot)
{
    public const int MaxIdLength = 128;
    public const int MaxTextLength = 10_000;
    public const int MaxNumberLength = 64;

    /// <summary>Parses a body whose signature has already been verified. Errors name the field at fault.</summary>
    public static PayloadParseResult Parse(ReadOnlyMemory<byte> body)
    {
        // The JSON reader checks structure, not the bytes inside strings: check the whole body first.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return PayloadParseResult.Fail(null, "The body is not valid UTF-8 JSON.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return PayloadParseResult.Fail(null, "The body is not valid UTF-8 JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return PayloadParseResult.Fail(null, "The body must be a JSON object.");
            }

            if (!TryString(root, "id", required: true, out var id, out var error))
            {
                return error;
            }
            if (id!.Length is 0 or > MaxIdLength)
            {
                return PayloadParseResult.Fail("id", $"'id' must be 1 to {MaxIdLength} characters.");
            }

            if (!TryString(root, "from", required: true, out var rawFrom, out error))
            {
                return error;
            }
            var from = PhoneNumberText.Normalize(rawFrom!);
            if (from.Length is 0 or > MaxNumberLength)
            {
                return PayloadParseResult.Fail("from", $"'from' must be a sender number of 1 to {MaxNumberLength} characters.");
            }

            if (!TryString(root, "to", required: false, out var rawTo, out error))
            {
                return error;
            }
            var to = rawTo is null ? null : PhoneNumberText.Normalize(rawTo);
            if (to?.Length > MaxNumberLength)
            {
                return PayloadParseResult.Fail("to", $"'to' must be at most {MaxNumberLength} characters.");
            }

            if (!TryString(root, "text", required: true, out var text, out error))
            {
                return error;
            }
            if (text!.Length > MaxTextLength && text.EnumerateRunes().Count() > MaxTextLength)
            {
                return PayloadParseResult.Fail("text", $"'text' must be at most {MaxTextLength:N0} characters.");
            }

            if (!TryString(root, "receivedAt", required: true, out var receivedText, out error))
            {
                return error;
            }
            if (!TryParseRfc3339(receivedText!, out var receivedAt))
            {
                return PayloadParseResult.Fail("receivedAt", "'receivedAt' must be an RFC 3339 timestamp with an offset, e.g. 2026-11-23T20:00:00Z.");
            }

            if (!TryString(root, "deviceId", required: false, out var deviceId, out error))
            {
                return error;
            }
            if (deviceId?.Length > 128)
            {
                return PayloadParseResult.Fail("deviceId", "'deviceId' must be at most 128 characters.");
            }

            int? simSlot = null;
            if (root.TryGetProperty("simSlot", out var slot) && slot.ValueKind != JsonValueKind.Null)
            {
                if (slot.ValueKind != JsonValueKind.Number || !slot.TryGetInt32(out var slotValue))
                {
                    return PayloadParseResult.Fail("simSlot", "'simSlot' must be an integer.");
                }
                simSlot = slotValue;
            }

            return PayloadParseResult.Ok(new NativePayload(id, from, to, text, receivedAt.ToUniversalTime(), deviceId, simSlot));
        }
    }

    private static bool TryString(JsonElement root, string name, bool required, out string? value, out PayloadParseResult error)
    {
        value = null;
        error = default;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error = PayloadParseResult.Fail(name, $"'{name}' is required.");
                return false;
            }
            return true;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            error = PayloadParseResult.Fail(name, $"'{name}' must be a string.");
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

public readonly record struct PayloadParseResult(NativePayload? Payload, string? Field, string? Error)
{
    public static PayloadParseResult Ok(NativePayload payload) => new(payload, null, null);

    public static PayloadParseResult Fail(string? field, string error) => new(null, field, error);
}

/// <summary>
/// A light, lossless clean-up of a number as typed: spaces, dashes, dots and brackets go, a leading <c>00</c>
/// becomes <c>+</c>. Alphanumeric sender ids (e.g. <c>MyBank</c>) are kept as they are.
/// </summary>
public static class PhoneNumberText
{
    public static string Normalize(string number)
    {
        var trimmed = number.Trim();
        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (char.IsAsciiDigit(c) || (c == '+' && builder.Length == 0))
            {
                builder.Append(c);
            }
            else if (c is ' ' or '-' or '.' or '(' or ')' or '\u00A0')
            {
                continue;
            }
            else
            {
                return trimmed;
            }
        }
        if (builder.Length > 2 && builder[0] == '0' && builder[1] == '0')
        {
            builder.Remove(0, 2).Insert(0, '+');
        }
        return builder.ToString();
    }
}
