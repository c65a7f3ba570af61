using System.Buffers.Text;
using System.Text.Json;

namespace SmsPortal.Webhooks.Formats;

/// <summary>The claims of an httpSMS token (read only once its signature is known to be ours).</summary>
internal static class HttpSmsClaims
{
    /// <summary>
    /// When the token expires (leeway included), or null when it is not valid now. <c>exp</c> is required (a token
    /// without one would be valid forever); <c>nbf</c> is checked when present.
    /// </summary>
    public static DateTimeOffset? Expiry(ReadOnlySpan<char> segment, DateTimeOffset now)
    {
        if (Claims(segment) is not { } document)
        {
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (!TryNumericDate(root, "exp", out var exp) || exp is null || !TryNumericDate(root, "nbf", out var nbf))
            {
                return null;
            }
            var seconds = now.ToUnixTimeMilliseconds() / 1000.0;
            var leeway = HttpSmsFormat.Leeway.TotalSeconds;
            return seconds <= exp + leeway && (nbf is null || seconds >= nbf - leeway)
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)((exp.Value + leeway) * 1000))
                : null;
        }
    }

    /// <summary><c>aud</c> (a string or an array of them) names a URL whose path is the one this request came to.</summary>
    public static bool NamesAudience(ReadOnlySpan<char> segment, string? publicUrl)
    {
        if (publicUrl is null || !Uri.TryCreate(publicUrl, UriKind.Absolute, out var ours) || Claims(segment) is not { } document)
        {
            return false;
        }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("aud", out var aud))
            {
                return false;
            }
            var audiences = aud.ValueKind switch
            {
                JsonValueKind.String => [GatewayJson.TextOrNull(aud)],
                JsonValueKind.Array => aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(GatewayJson.TextOrNull).ToList(),
                _ => new List<string?>(),
            };
            return audiences.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var uri)
                && string.Equals(uri.AbsolutePath.TrimEnd('/'), ours.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal));
        }
    }

    private static JsonDocument? Claims(ReadOnlySpan<char> segment)
    {
        if (!TryDecode(segment, out var json))
        {
            return null;
        }
        try
        {
            var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }
            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>False when the claim is present but not a finite number; null value when it is absent.</summary>
    private static bool TryNumericDate(JsonElement root, string name, out double? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element))
        {
            return true;
        }
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return false;
        }
        value = number;
        return true;
    }

    public static bool TryDecode(ReadOnlySpan<char> segment, out byte[] bytes)
    {
        // TryDecodeFromChars throws (FormatException) on what is not base64url at all, such as a one-character segment.
        if (!Base64Url.IsValid(segment))
        {
            bytes = [];
            return false;
        }
        bytes = new byte[Base64Url.GetMaxDecodedLength(segment.Length)];
        if (!Base64Url.TryDecodeFromChars(segment, bytes, out var written))
        {
            bytes = [];
            return false;
        }
        bytes = bytes[..written];
        return true;
    }
}
