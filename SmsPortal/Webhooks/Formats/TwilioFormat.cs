using System.Security.Cryptography;
using System.Text;
using SmsPortal.Common;
using SmsPortal.Endpoints;
using SmsPortal.Outbound;

namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// Twilio Programmable Messaging: form-encoded webhooks (incoming messages and outbound status callbacks) signed with
/// <c>X-Twilio-Signature</c> = base64 HMAC-SHA1 over the full public URL followed by every form name and value,
/// names sorted ordinally, keyed with the account's auth token (stored as the endpoint's secret). Twilio signs no
/// timestamp, so there is no replay window; <c>MessageSid</c> makes replays harmless.
/// </summary>
/// <remarks>
/// Not supported: JSON bodies validated through a <c>bodySHA256</c> query parameter (other Twilio products), and
/// GET webhooks (the endpoint only takes POST).
/// </remarks>
public sealed class TwilioFormat : IGatewayFormat
{
    public const string SignatureHeader = "X-Twilio-Signature";
    private const int Sha1Size = 20;

    public static TwilioFormat Instance { get; } = new();

    public string Name => "twilio";

    /// <remarks>Needs <see cref="GatewayRequest.PublicUrl"/>: without the URL Twilio called there is nothing to check.</remarks>
    public bool Verify(GatewayRequest request, IReadOnlyList<SigningKey> keys, DateTimeOffset now)
    {
        var header = request.Header(SignatureHeader);
        Span<byte> candidate = stackalloc byte[Sha1Size];
        if (string.IsNullOrEmpty(request.PublicUrl) || string.IsNullOrEmpty(header) || header.Length > SignatureParts.MaxHeaderLength
            || !SignatureParts.TryParseBase64Digest(header.AsSpan().Trim(), candidate)
            || FormBody.TryParse(request.Body.Span) is not { } form)
        {
            return false;
        }

        var parameters = Canonical(form);
        Span<byte> expected = stackalloc byte[Sha1Size];
        var matched = false;
        foreach (var url in UrlVariants(request.PublicUrl))
        {
            var data = Encoding.UTF8.GetBytes(url + parameters);
            foreach (var key in keys)
            {
                if (!key.IsValidAt(now))
                {
                    continue;
                }
                // SHA-1 because Twilio's scheme is SHA-1; HMAC-SHA1 is still sound as a MAC.
                HMACSHA1.HashData(key.Secret, data, expected);
                matched |= SignatureParts.MatchesAny(expected, candidate, 1);
            }
        }
        return matched;
    }

    /// <param name="now">Stands in for the receive time: Twilio's incoming-message webhook carries none.</param>
    public GatewayEvent Parse(GatewayRequest request, DateTimeOffset now)
    {
        if (FormBody.TryParse(request.Body.Span) is not { } form)
        {
            return new ParseFailure(null, "The body is not valid UTF-8 form data.");
        }
        try
        {
            var messageSid = form.First("MessageSid");
            if (string.IsNullOrEmpty(messageSid))
            {
                // A voice webhook pointed at this endpoint is authentic but not ours to store.
                return form.First("CallSid") is not null
                    ? new IgnoredEvent("voice")
                    : new ParseFailure("MessageSid", "'MessageSid' is required.");
            }
            var status = form.First("MessageStatus");
            return status is null or "received"
                ? ParseIncoming(form, messageSid, now)
                : ParseStatus(form, messageSid, status);
        }
        catch (FieldException e)
        {
            return e.ToFailure();
        }
    }

    /// <summary>The header value Twilio would send (for tests).</summary>
    public static string Sign(string url, IEnumerable<KeyValuePair<string, string>> form, string authToken) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(url + Canonical(form))));

    private static InboundSms ParseIncoming(List<KeyValuePair<string, string>> form, string messageSid, DateTimeOffset now)
    {
        var from = form.First("From") ?? throw new FieldException("From", "'From' is required.");
        // Always present for incoming messages, empty for a picture-only MMS; media (NumMedia, MediaUrlN) is not kept.
        var body = form.First("Body") ?? throw new FieldException("Body", "'Body' is required.");
        return InboundSmsFactory.Create((messageSid, "MessageSid"), (from, "From"), (form.First("To"), "To"), (body, "Body"), now, (null, ""), null);
    }

    /// <summary>
    /// Status callbacks report every state change; only the milestones map to updates. <c>undelivered</c> and
    /// <c>failed</c> both mean the message will not arrive; <c>ErrorCode</c> says why. Interim states (queued,
    /// accepted, scheduled, sending) and <c>read</c> (which follows delivered) are acknowledged and ignored.
    /// </summary>
    private static GatewayEvent ParseStatus(List<KeyValuePair<string, string>> form, string messageSid, string status)
    {
        ReportedStatus? mapped = status switch
        {
            "sent" => ReportedStatus.Sent,
            "delivered" => ReportedStatus.Delivered,
            "undelivered" or "failed" or "canceled" => ReportedStatus.Failed,
            _ => null,
        };
        if (mapped is null)
        {
            return new IgnoredEvent("MessageStatus=" + status);
        }
        if (messageSid.Length > InboundSms.MaxIdLength)
        {
            throw new FieldException("MessageSid", $"'MessageSid' must be at most {InboundSms.MaxIdLength} characters.");
        }
        var to = form.First("To");
        var errorCode = form.First("ErrorCode");
        return new StatusUpdate(new DeliveryReport(messageSid, null, mapped.Value, string.IsNullOrEmpty(to) ? null : PhoneNumberText.Normalize(to),
            mapped == ReportedStatus.Failed ? form.First("ErrorMessage") ?? status : null,
            string.IsNullOrEmpty(errorCode) ? null : errorCode, null));
    }

    /// <summary>Names sorted ordinally ("Unix-style case-sensitive"), then values, so repeated names are deterministic.</summary>
    private static string Canonical(IEnumerable<KeyValuePair<string, string>> form)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            builder.Append(name).Append(value);
        }
        return builder.ToString();
    }

    /// <summary>
    /// The URL as configured, plus the same URL with the scheme's default port added or removed: Twilio has signed
    /// either form depending on how the URL was entered, and its own helper libraries accept both.
    /// </summary>
    internal static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            yield break;
        }
        var defaultPort = url[..schemeEnd].ToLowerInvariant() switch
        {
            "https" => "443",
            "http" => "80",
            _ => null,
        };
        if (defaultPort is null)
        {
            yield break;
        }
        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }
        var authority = url[authorityStart..authorityEnd];
        var hostStart = authority.LastIndexOf('@') + 1;
        var colon = authority.LastIndexOf(':');
        if (colon >= hostStart && colon > authority.LastIndexOf(']'))
        {
            if (authority[(colon + 1)..] == defaultPort)
            {
                yield return url[..(authorityStart + colon)] + url[authorityEnd..];
            }
        }
        else
        {
            yield return url[..authorityEnd] + ":" + defaultPort + url[authorityEnd..];
        }
    }
}
