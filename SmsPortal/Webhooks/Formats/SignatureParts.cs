using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// Header parsing and digest comparison shared by the formats. Everything here returns false or zero on bad input
/// rather than throwing: a forged or garbled header must cost a 401, never a 500.
/// </summary>
internal static class SignatureParts
{
    /// <summary>Gateways replay for days; a window of five minutes either way is what SMSGate and Standard Webhooks ask for.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    /// <summary>Headers longer than this are not worth parsing: no legitimate signature list comes close.</summary>
    public const int MaxHeaderLength = 2048;

    public const int Sha256Size = 32;

    /// <summary>
    /// Parses a Unix-seconds timestamp header and checks it lies within <see cref="Tolerance"/> of
    /// <paramref name="now"/>. Only plain digits are accepted, so the bytes that were signed are the bytes we read.
    /// </summary>
    public static bool IsFreshUnixTimestamp(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 12 || value.AsSpan().ContainsAnyExcept(Digits)
            || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }
        var skew = now.ToUnixTimeSeconds() - seconds;
        return Math.Abs(skew) <= (long)Tolerance.TotalSeconds;
    }

    /// <summary>Decodes exactly one hex SHA-256 digest, any case, surrounding whitespace allowed.</summary>
    public static bool TryParseHexDigest(string? value, Span<byte> digest)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxHeaderLength)
        {
            return false;
        }
        var token = value.AsSpan().Trim();
        return token.Length == digest.Length * 2
            && Convert.FromHexString(token, digest, out _, out var written) == OperationStatus.Done
            && written == digest.Length;
    }

    /// <summary>Decodes standard base64 into exactly <paramref name="digest"/>'s length.</summary>
    public static bool TryParseBase64Digest(ReadOnlySpan<char> value, Span<byte> digest)
    {
        // Base64 of n bytes is 4*ceil(n/3) chars; anything else cannot decode to exactly n bytes.
        if (value.Length != (digest.Length + 2) / 3 * 4)
        {
            return false;
        }
        Span<byte> buffer = stackalloc byte[digest.Length + 3];
        if (!Convert.TryFromBase64Chars(value, buffer, out var written) || written != digest.Length)
        {
            return false;
        }
        buffer[..written].CopyTo(digest);
        return true;
    }

    /// <summary>
    /// Compares a computed digest with every candidate without an early exit, so the time taken does not reveal
    /// which candidate (or whether any) matched.
    /// </summary>
    public static bool MatchesAny(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> candidates, int count)
    {
        var matched = false;
        for (var i = 0; i < count; i++)
        {
            matched |= CryptographicOperations.FixedTimeEquals(expected, candidates.Slice(i * expected.Length, expected.Length));
        }
        return matched;
    }

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");
}
