using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// Field readers for the JSON formats. A bad field throws <see cref="FieldException"/>, caught once at the top of each
/// parser: it keeps the mapping code a straight list of fields, and only signed (so authenticated) bodies get here.
/// </summary>
internal static partial class GatewayJson
{
    /// <summary>
    /// Parses a JSON event body, reads its type from <paramref name="typeField"/> and lets <paramref name="dispatch"/>
    /// map it; any missing or bad field on the way is the <see cref="ParseFailure"/> that names it.
    /// </summary>
    public static GatewayEvent ParseEvent(ReadOnlyMemory<byte> body, string typeField, Func<string, JsonElement, GatewayEvent> dispatch)
    {
        try
        {
            using var document = ParseObject(body);
            var root = document.RootElement;
            return dispatch(RequiredString(root, typeField, typeField), root);
        }
        catch (FieldException e)
        {
            return e.ToFailure();
        }
    }

    /// <summary>Parses the body as a JSON object, or fails the way the native payload does.</summary>
    public static JsonDocument ParseObject(ReadOnlyMemory<byte> body)
    {
        // The JSON reader checks structure, not the bytes inside strings: check the whole body first.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            throw new FieldException(null, "The body is not valid UTF-8 JSON.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            throw new FieldException(null, "The body is not valid UTF-8 JSON.");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new FieldException(null, "The body must be a JSON object.");
        }
        return document;
    }

    public static JsonElement RequiredObject(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            throw new FieldException(path, $"'{path}' is required.");
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FieldException(path, $"'{path}' must be an object.");
        }
        return element;
    }

    public static string RequiredString(JsonElement parent, string name, string path) =>
        OptionalString(parent, name, path) ?? throw new FieldException(path, $"'{path}' is required.");

    public static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new FieldException(path, $"'{path}' must be a string.");
        }
        return Text(element, path);
    }

    /// <summary>
    /// A string element's text, or null when it escapes a lone surrogate (<c>\ud800</c>): no text at all, on which
    /// <see cref="JsonElement.GetString"/> and <see cref="JsonElement.ValueEquals(string)"/> throw.
    /// </summary>
    public static string? TextOrNull(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="element"/> is the string <paramref name="value"/> (a lone surrogate is just another value).</summary>
    public static bool IsText(JsonElement element, string value) =>
        element.ValueKind == JsonValueKind.String && TextOrNull(element) == value;

    /// <summary>
    /// A string field's text. An escaped lone surrogate is no text at all, and a NUL is one that PostgreSQL cannot
    /// store: both are the sender's error, not a reason to have the gateway retry.
    /// </summary>
    private static string Text(JsonElement element, string path)
    {
        var text = TextOrNull(element)
            ?? throw new FieldException(path, $"'{path}' holds an unpaired UTF-16 surrogate escape; send the text as UTF-8.");
        return text.Contains('\0')
            ? throw new FieldException(path, $"'{path}' must not contain NUL (\\u0000) characters.")
            : text;
    }

    public static int? OptionalInt(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
        {
            throw new FieldException(path, $"'{path}' must be an integer.");
        }
        return value;
    }

    /// <summary>Reads a code that some gateways send as a number and others as a string, keeping it as text.</summary>
    public static string? OptionalCode(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return element.ValueKind switch
        {
            JsonValueKind.String => Text(element, path),
            JsonValueKind.Number => element.GetRawText(),
            _ => throw new FieldException(path, $"'{path}' must be a string or a number."),
        };
    }

    public static DateTimeOffset RequiredTimestamp(JsonElement parent, string name, string path) =>
        OptionalTimestamp(parent, name, path) ?? throw new FieldException(path, $"'{path}' is required.");

    public static DateTimeOffset? OptionalTimestamp(JsonElement parent, string name, string path)
    {
        var text = OptionalString(parent, name, path);
        if (text is null)
        {
            return null;
        }
        if (!TryParseRfc3339(text, out var value))
        {
            throw new FieldException(path, $"'{path}' must be an RFC 3339 timestamp with an offset, e.g. 2026-11-23T20:00:00Z.");
        }
        return value;
    }

    /// <summary>
    /// RFC 3339 only: a local time without an offset would be read in the server's zone, silently shifting messages
    /// by hours (SMSGate sends device-local times, with their offset).
    /// </summary>
    public static bool TryParseRfc3339(string text, out DateTimeOffset value)
    {
        value = default;
        return text.Length <= 64 && Rfc3339().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}

/// <summary>A field-level parse error, turned into <see cref="ParseFailure"/> at the parser's edge.</summary>
internal sealed class FieldException(string? field, string error) : Exception(error)
{
    public string? Field { get; } = field;

    public ParseFailure ToFailure() => new(Field, Message);
}
