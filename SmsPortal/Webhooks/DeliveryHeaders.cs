using System.Text.Json;
using SmsPortal.Common;

namespace SmsPortal.Webhooks;

/// <summary>The request headers a delivery log entry keeps: signature headers redacted, and few of them when unverified.</summary>
internal static class DeliveryHeaders
{
    private static readonly HashSet<string> RedactedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        SignatureVerifier.HeaderName, "webhook-signature", "X-Twilio-Signature", "Authorization", "Cookie", "Proxy-Authorization",
    };

    public static string Json(IHeaderDictionary headers, bool verified) => verified ? AllJson(headers) : FixedJson(headers);

    private static string AllJson(IHeaderDictionary headers)
    {
        var kept = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            kept[name] = RedactedHeaders.Contains(name) ? "(redacted)" : values.ToString().Truncate(512);
            if (kept.Count >= 40)
            {
                break;
            }
        }
        return JsonSerializer.Serialize(kept);
    }

    /// <summary>From anyone who knows the URL: a few fixed headers, short, and only whether a signature was present.</summary>
    private static string FixedJson(IHeaderDictionary headers)
    {
        var kept = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in UnverifiedHeaders)
        {
            if (headers.TryGetValue(name, out var value))
            {
                kept[name] = value.ToString().Truncate(128);
            }
        }
        foreach (var name in RedactedHeaders.Where(headers.ContainsKey))
        {
            kept[name] = "(redacted)";
        }
        return JsonSerializer.Serialize(kept);
    }

    private static readonly string[] UnverifiedHeaders = ["Content-Type", "Content-Length", "User-Agent"];
}
