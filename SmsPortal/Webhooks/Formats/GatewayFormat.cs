using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;

namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// A wire format an endpoint accepts: SmsPortal's native one or a real gateway's own (docs/gateways/). Verification
/// and parsing are separate so the endpoint can refuse an unsigned request (401) before it spends anything on the body.
/// Implementations are stateless and never throw on hostile input: a malformed header is just a failed check.
/// </summary>
public interface IGatewayFormat
{
    /// <summary>A stable, lowercase name for logs and settings (e.g. <c>smsgate</c>).</summary>
    string Name { get; }

    /// <summary>
    /// True when the request carries a valid signature from any key valid at <paramref name="now"/>.
    /// The clock is a parameter, not <see cref="DateTimeOffset.UtcNow"/>, so replay windows can be tested exactly.
    /// </summary>
    bool Verify(GatewayRequest request, IReadOnlyList<SigningKey> keys, DateTimeOffset now);

    /// <summary>
    /// Maps a verified body to what the portal acts on. <paramref name="now"/> stands in for the receive time of
    /// formats that do not send one (Twilio).
    /// </summary>
    GatewayEvent Parse(GatewayRequest request, DateTimeOffset now);
}

/// <summary>
/// The parts of an HTTP request the formats need, without tying them to ASP.NET Core's request types, so they stay
/// pure and testable.
/// </summary>
/// <param name="Body">The raw body exactly as received: every scheme signs bytes, not a re-serialisation.</param>
/// <param name="Header">
/// Header lookup. Must be case-insensitive (HTTP header names are); with ASP.NET Core pass
/// <c>name =&gt; request.Headers.TryGetValue(name, out var v) ? v.ToString() : null</c>.
/// </param>
/// <param name="PublicUrl">
/// The URL exactly as the gateway was told to call it, query string included. Only Twilio signs it, and behind a
/// proxy it differs from what Kestrel sees, so the endpoint must rebuild it from configuration, not from the request.
/// </param>
public sealed record GatewayRequest(ReadOnlyMemory<byte> Body, Func<string, string?> Header, string? PublicUrl = null)
{
    /// <summary>Builds a request over a plain header map, copied so lookups are case-insensitive whatever was passed.</summary>
    public static GatewayRequest From(ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>> headers, string? publicUrl = null)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            map[name] = value;
        }
        return new GatewayRequest(body, name => map.GetValueOrDefault(name), publicUrl);
    }
}

/// <summary>What a verified delivery means to the portal. Exactly one of the derived records.</summary>
public abstract record GatewayEvent;

/// <summary>A received SMS, in the same fields from every format, so one store path serves them all.</summary>
/// <param name="ExternalId">The idempotency key: stable across the gateway's retries and duplicate events.</param>
public sealed record InboundSms(
    string ExternalId, string From, string? To, string Text, DateTimeOffset ReceivedAt, string? DeviceId, int? SimSlot) : GatewayEvent
{
    public const int MaxIdLength = 128;
    public const int MaxTextLength = 10_000;
    public const int MaxNumberLength = 64;
    public const int MaxDeviceIdLength = 128;

    /// <summary>A test delivery from the portal itself: the rules run, but nothing is sent for it.</summary>
    public bool IsTest { get; init; }
}

/// <summary>A delivery report for a message the portal sent through the gateway; Outbound applies it.</summary>
public sealed record StatusUpdate(DeliveryReport Report) : GatewayEvent;

/// <summary>
/// A genuine, signed event the portal has no use for (pings, interim statuses, other products). It must still be
/// acknowledged with a 2xx, or the gateway keeps retrying it for days.
/// </summary>
public sealed record IgnoredEvent(string EventType) : GatewayEvent;

/// <summary>A signed but unusable body: <c>400</c>, naming the field so the sender can fix it.</summary>
/// <param name="Field">The field at fault (dotted path for nested JSON), or null when the body as a whole is wrong.</param>
public sealed record ParseFailure(string? Field, string Error) : GatewayEvent;
