using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SmsPortal.Common;
using SmsPortal.Endpoints;

namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// Standard Webhooks (standardwebhooks.com): any sender built on a Standard Webhooks library can post the native
/// payload with its own signing scheme. The id and timestamp are signed along with the body, which is what lets us
/// refuse replays outside the window and use <c>webhook-id</c> as the idempotency key.
/// </summary>
public sealed class StandardWebhooksFormat : IGatewayFormat
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const int MaxCandidates = 8;
    private const int MaxIdLength = 256;

    public static StandardWebhooksFormat Instance { get; } = new();

    public string Name => "standard-webhooks";

    public bool Verify(GatewayRequest request, IReadOnlyList<SigningKey> keys, DateTimeOffset now)
    {
        var id = request.Header(IdHeader);
        var timestamp = request.Header(TimestampHeader);
        var header = request.Header(SignatureHeader);
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength
            || !SignatureParts.IsFreshUnixTimestamp(timestamp, now)
            || string.IsNullOrEmpty(header) || header.Length > SignatureParts.MaxHeaderLength)
        {
            return false;
        }

        Span<byte> candidates = stackalloc byte[MaxCandidates * SignatureParts.Sha256Size];
        var count = ParseCandidates(header, candidates);
        if (count == 0)
        {
            return false;
        }

        // Signed content is "{id}.{timestamp}.{body}"; hashing it in pieces avoids copying the body.
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        Span<byte> expected = stackalloc byte[SignatureParts.Sha256Size];
        var matched = false;
        foreach (var key in keys)
        {
            if (!key.IsValidAt(now) || DecodeKey(key.Secret) is not { } secret)
            {
                continue;
            }
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
            hmac.AppendData(prefix);
            hmac.AppendData(request.Body.Span);
            hmac.GetHashAndReset(expected);
            CryptographicOperations.ZeroMemory(secret);
            matched |= SignatureParts.MatchesAny(expected, candidates, count);
        }
        return matched;
    }

    public GatewayEvent Parse(GatewayRequest request, DateTimeOffset now)
    {
        var id = request.Header(IdHeader);
        if (string.IsNullOrEmpty(id) || id.Length > InboundSms.MaxIdLength)
        {
            return new ParseFailure(IdHeader, $"The '{IdHeader}' header must be 1 to {InboundSms.MaxIdLength} characters.");
        }
        // The header, not the body's "id", is the key: Standard Webhooks guarantees it is stable across retries.
        return NativeFormat.ParseBody(request.Body) switch
        {
            InboundSms sms => sms with { ExternalId = id },
            var failure => failure,
        };
    }

    /// <summary>What a Standard Webhooks sender puts in <c>webhook-signature</c> (for tests and a future test-send button).</summary>
    public static string Sign(string id, string timestamp, ReadOnlySpan<byte> body, string secret)
    {
        var key = DecodeKey(Encoding.UTF8.GetBytes(secret)) ?? throw new ArgumentException("The secret is not whsec_ + base64.", nameof(secret));
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{id}.{timestamp}."));
        hmac.AppendData(body);
        return "v1," + Convert.ToBase64String(hmac.GetHashAndReset());
    }

    /// <summary>
    /// The spec's key is the base64-decoded part after <c>whsec_</c>, unlike the native scheme, which keys with the
    /// whole string. A secret that is not base64 cannot be a Standard Webhooks key, so it is skipped, not an error.
    /// </summary>
    private static byte[]? DecodeKey(ReadOnlySpan<byte> secretUtf8)
    {
        if (secretUtf8.StartsWith("whsec_"u8))
        {
            secretUtf8 = secretUtf8["whsec_".Length..];
        }
        if (secretUtf8.IsEmpty)
        {
            return null;
        }
        var key = new byte[Base64.GetMaxDecodedFromUtf8Length(secretUtf8.Length)];
        return Base64.DecodeFromUtf8(secretUtf8, key, out var consumed, out var written) == System.Buffers.OperationStatus.Done
            && consumed == secretUtf8.Length && written > 0
            ? key[..written]
            : null;
    }

    /// <summary>Space-separated <c>v1,&lt;base64&gt;</c> entries; other versions (v1a is asymmetric) are skipped.</summary>
    private static int ParseCandidates(ReadOnlySpan<char> header, Span<byte> destination)
    {
        var count = 0;
        foreach (var range in header.Split(' '))
        {
            if (count == MaxCandidates)
            {
                break;
            }
            var token = header[range];
            if (token.StartsWith("v1,", StringComparison.Ordinal)
                && SignatureParts.TryParseBase64Digest(token[3..], destination.Slice(count * SignatureParts.Sha256Size, SignatureParts.Sha256Size)))
            {
                count++;
            }
        }
        return count;
    }
}
