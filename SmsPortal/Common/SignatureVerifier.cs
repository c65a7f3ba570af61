using System.Buffers;
using System.Security.Cryptography;
using SmsPortal.Endpoints;

namespace SmsPortal.Common;

/// <summary>
/// The native scheme: <c>X-Signature</c> holds the hex HMAC-SHA256 of the raw body, keyed with the UTF-8 bytes
/// of the whole <c>whsec_</c> secret. Optional <c>sha256=</c> prefix, any case, several values separated by
/// commas or spaces; one match against any currently valid secret suffices.
/// </summary>
public static class SignatureVerifier
{
    public const string HeaderName = "X-Signature";
    private const int MaxCandidates = 8;
    private const int DigestSize = 32;
    private static readonly SearchValues<char> Separators = SearchValues.Create(", \t");

    public static bool Verify(ReadOnlySpan<byte> body, string? header, IReadOnlyList<SigningKey> keys, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(header) || header.Length > 2048)
        {
            return false;
        }
        Span<byte> candidates = stackalloc byte[MaxCandidates * DigestSize];
        var count = ParseCandidates(header, candidates);
        if (count == 0)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[DigestSize];
        var matched = false;
        foreach (var key in keys)
        {
            if (!key.IsValidAt(now))
            {
                continue;
            }
            HMACSHA256.HashData(key.Secret, body, expected);
            for (var i = 0; i < count; i++)
            {
                // No early exit: the work done does not depend on which candidate or key matched.
                matched |= CryptographicOperations.FixedTimeEquals(expected, candidates.Slice(i * DigestSize, DigestSize));
            }
        }
        return matched;
    }

    /// <summary>The header value a sender would compute (lowercase hex).</summary>
    public static string Sign(ReadOnlySpan<byte> body, ReadOnlySpan<byte> secretUtf8) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secretUtf8, body));

    private static int ParseCandidates(ReadOnlySpan<char> header, Span<byte> destination)
    {
        var count = 0;
        while (!header.IsEmpty && count < MaxCandidates)
        {
            var end = header.IndexOfAny(Separators);
            var token = end < 0 ? header : header[..end];
            header = end < 0 ? [] : header[(end + 1)..];
            if (token.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase))
            {
                token = token[7..];
            }
            if (token.Length == DigestSize * 2
                && Convert.FromHexString(token, destination.Slice(count * DigestSize, DigestSize), out _, out var written) == OperationStatus.Done
                && written == DigestSize)
            {
                count++;
            }
        }
        return count;
    }
}
