using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;

namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// httpSMS (httpsms.com): a CloudEvents 1.0 JSON envelope (<c>specversion</c>, <c>id</c>, <c>source</c>,
/// <c>type</c>, <c>time</c>, <c>data</c>) authenticated with <c>Authorization: Bearer &lt;JWT&gt;</c>, an HS256 token
/// keyed with the webhook's signing key (the secret's UTF-8 bytes).
/// </summary>
/// <remarks>
/// <para>
/// Inferred from httpSMS's open-source API (api/pkg/services/webhook_service.go and api/pkg/events/*.go in
/// NdoleStudio/httpsms), not from a published schema. The token carries only standard claims: <c>iss</c>
/// <c>api.httpsms.com</c>, <c>aud</c> the webhook URL, <c>sub</c> the httpSMS user id, <c>iat</c> now,
/// <c>nbf</c> now − 10 min and <c>exp</c> now + 10 min. Checked here: the algorithm, the signature, the validity
/// window and <c>aud</c>, whose path must be this endpoint's (<c>/hooks/sms/{id}</c>; the host is not compared, since
/// the URL typed into httpSMS may name the proxy in front of us). <c>iss</c> is a constant anyone can write.
/// </para>
/// <para>
/// <b>The token does not cover the body.</b> There is no body hash claim, so a valid token proves only that someone
/// holding the signing key made it within the last ~20 minutes. To keep a token seen once (over plain HTTP, in a proxy
/// log) from carrying another body, each token is bound to the first body it arrived with until it expires: the same
/// token with the same body is a retry (and idempotent on the message id), with any other body it is refused. The
/// binding is in this process's memory; instances behind a load balancer do not share it, so serve endpoints over HTTPS.
/// </para>
/// <para>
/// Payload ids: <c>message.phone.received</c> and <c>message.send.expired</c> carry <c>data.message_id</c>;
/// <c>message.phone.sent</c>, <c>message.phone.delivered</c> and <c>message.send.failed</c> carry <c>data.id</c>
/// (older httpSMS versions used <c>id</c> for received too, so each event reads its documented field first and the
/// other as a fallback). The outbound id is the <c>data.id</c> httpSMS answered our send with; the status events
/// also echo the <c>request_id</c> we sent (our own outbound id).
/// </para>
/// </remarks>
public sealed class HttpSmsFormat : IGatewayFormat
{
    public const string AuthorizationHeader = "Authorization";

    /// <summary>Clock skew allowed on <c>exp</c> and <c>nbf</c>.</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);

    /// <summary>httpSMS's tokens are a few hundred characters; anything near this is not one.</summary>
    public const int MaxTokenLength = 8192;

    private const string BearerPrefix = "Bearer ";

    public static HttpSmsFormat Instance { get; } = new();

    private readonly TokenBodyBinding _bindings = new();

    public string Name => "httpsms";

    public bool Verify(GatewayRequest request, IReadOnlyList<SigningKey> keys, DateTimeOffset now)
    {
        var header = request.Header(AuthorizationHeader);
        if (string.IsNullOrEmpty(header) || header.Length > MaxTokenLength + BearerPrefix.Length
            || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var token = header.AsSpan(BearerPrefix.Length).Trim();
        if (token.ContainsAnyExcept(TokenChars))
        {
            return false;
        }
        var firstDot = token.IndexOf('.');
        var lastDot = token.LastIndexOf('.');
        if (firstDot <= 0 || lastDot == firstDot || lastDot == token.Length - 1 || token[(firstDot + 1)..lastDot].Contains('.'))
        {
            return false;
        }
        var headerSegment = token[..firstDot];
        var payloadSegment = token[(firstDot + 1)..lastDot];
        var signatureSegment = token[(lastDot + 1)..];

        Span<byte> candidate = stackalloc byte[SignatureParts.Sha256Size];
        if (!IsHs256Header(headerSegment) || !TryDecodeExact(signatureSegment, candidate))
        {
            return false;
        }

        // The signing input is the ASCII text of "header.payload"; every char was checked to be base64url or '.'.
        var signingInput = Encoding.ASCII.GetBytes(token[..lastDot].ToString());
        Span<byte> expected = stackalloc byte[SignatureParts.Sha256Size];
        var matched = false;
        foreach (var key in keys)
        {
            if (!key.IsValidAt(now))
            {
                continue;
            }
            HMACSHA256.HashData(key.Secret, signingInput, expected);
            matched |= SignatureParts.MatchesAny(expected, candidate, 1);
        }
        // Claims are only worth reading once the token is known to be ours.
        return matched
            && HttpSmsClaims.Expiry(payloadSegment, now) is { } expires
            && HttpSmsClaims.NamesAudience(payloadSegment, request.PublicUrl)
            && _bindings.Bind(token, request.Body.Span, expires, now);
    }

    public GatewayEvent Parse(GatewayRequest request, DateTimeOffset now) =>
        GatewayJson.ParseEvent(request.Body, "type", (eventType, root) => eventType switch
        {
            "message.phone.received" => ParseReceived(root),
            "message.phone.sent" => ParseStatus(root, ReportedStatus.Sent, "id", "message_id", null),
            "message.phone.delivered" => ParseStatus(root, ReportedStatus.Delivered, "id", "message_id", null),
            "message.send.failed" => ParseStatus(root, ReportedStatus.Failed, "id", "message_id", "httpSMS reported the message failed."),
            "message.send.expired" => ParseStatus(root, ReportedStatus.Failed, "message_id", "id",
                "httpSMS expired the message: the phone did not send it in time."),
            // message.phone.sending, message.phone.missed-call, phone.heartbeat.*, webhook.send.failed and later ones.
            _ => new IgnoredEvent(eventType),
        });

    private static InboundSms ParseReceived(JsonElement root)
    {
        var data = GatewayJson.RequiredObject(root, "data", "data");
        var (messageId, idField) = MessageId(data, "message_id", "id");
        var contact = GatewayJson.RequiredString(data, "contact", "data.contact");
        var owner = GatewayJson.RequiredString(data, "owner", "data.owner");
        var content = GatewayJson.RequiredString(data, "content", "data.content");
        var timestamp = GatewayJson.RequiredTimestamp(data, "timestamp", "data.timestamp");
        return InboundSmsFactory.Create((messageId, idField), (contact, "data.contact"), (owner, "data.owner"),
            (content, "data.content"), timestamp, (null, "data"), SimSlot(data));
    }

    private static StatusUpdate ParseStatus(JsonElement root, ReportedStatus status, string idName, string fallbackIdName, string? defaultReason)
    {
        var data = GatewayJson.RequiredObject(root, "data", "data");
        var (messageId, _) = MessageId(data, idName, fallbackIdName);
        var contact = GatewayJson.OptionalString(data, "contact", "data.contact");
        var requestId = GatewayJson.OptionalString(data, "request_id", "data.request_id");
        var occurredAt = GatewayJson.OptionalTimestamp(data, "timestamp", "data.timestamp");
        var reason = defaultReason is null ? null
            : GatewayJson.OptionalString(data, "error_message", "data.error_message") is { Length: > 0 } error ? error
            : defaultReason;
        return new StatusUpdate(new DeliveryReport(messageId, string.IsNullOrEmpty(requestId) ? null : requestId, status,
            string.IsNullOrWhiteSpace(contact) ? null : PhoneNumberText.Normalize(contact), reason, null, occurredAt?.ToUniversalTime()));
    }

    private static (string Value, string Field) MessageId(JsonElement data, string name, string fallbackName)
    {
        var field = "data." + name;
        var value = GatewayJson.OptionalString(data, name, field);
        if (string.IsNullOrEmpty(value) && GatewayJson.OptionalString(data, fallbackName, "data." + fallbackName) is { Length: > 0 } fallback)
        {
            return (fallback, "data." + fallbackName);
        }
        return string.IsNullOrEmpty(value) ? throw new FieldException(field, $"'{field}' is required.") : (value, field);
    }

    /// <summary>httpSMS names the SIM <c>SIM1</c> or <c>SIM2</c>; for information only, so anything else is just unknown.</summary>
    private static int? SimSlot(JsonElement data) =>
        data.TryGetProperty("sim", out var sim) && sim.ValueKind == JsonValueKind.String
            ? GatewayJson.IsText(sim, "SIM1") ? 1 : GatewayJson.IsText(sim, "SIM2") ? 2 : null
            : null;

    /// <summary>The JOSE header must name HS256 and nothing we would have to understand (<c>crit</c>).</summary>
    private static bool IsHs256Header(ReadOnlySpan<char> segment)
    {
        if (!HttpSmsClaims.TryDecode(segment, out var json))
        {
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("alg", out var alg) && GatewayJson.IsText(alg, "HS256")
                && !root.TryGetProperty("crit", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryDecodeExact(ReadOnlySpan<char> segment, Span<byte> destination)
    {
        // Unpadded base64url of 32 bytes is exactly 43 characters.
        if (segment.Length != Base64Url.GetEncodedLength(destination.Length) || !Base64Url.IsValid(segment))
        {
            return false;
        }
        Span<byte> buffer = stackalloc byte[destination.Length + 3];
        if (!Base64Url.TryDecodeFromChars(segment, buffer, out var written) || written != destination.Length)
        {
            return false;
        }
        buffer[..written].CopyTo(destination);
        return true;
    }

    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");
}
