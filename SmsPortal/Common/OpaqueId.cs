using System.Security.Cryptography;

namespace SmsPortal.Common;

/// <summary>Ids the portal hands out: opaque, url-safe, unguessable.</summary>
public static class OpaqueId
{
    private const string Crockford = "0123456789abcdefghjkmnpqrstvwxyz";
    private static long s_lastStamp;

    /// <summary><c>ep_</c> + 22 url-safe characters (128 random bits).</summary>
    public static string NewEndpointId() => "ep_" + Base64Url(RandomNumberGenerator.GetBytes(16));

    /// <summary>An inbound message id: <c>msg_</c> + a time-ordered suffix.</summary>
    public static string NewMessageId(TimeProvider time) => NewTimeOrdered("msg_", time);

    /// <summary>
    /// <paramref name="prefix"/> + 26 base32 characters: 48 bits of milliseconds and a 16-bit counter (monotonic
    /// within the process, so ids sort in creation order) followed by 64 random bits.
    /// </summary>
    public static string NewTimeOrdered(string prefix, TimeProvider time)
    {
        long stamp;
        long previous;
        var nowStamp = time.GetUtcNow().ToUnixTimeMilliseconds() << 16;
        do
        {
            previous = Interlocked.Read(ref s_lastStamp);
            stamp = Math.Max(previous + 1, nowStamp);
        }
        while (Interlocked.CompareExchange(ref s_lastStamp, stamp, previous) != previous);

        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return Encode(prefix, ((UInt128)(ulong)stamp << 64) | BitConverter.ToUInt64(random));
    }

    /// <summary>
    /// The smallest id <see cref="NewTimeOrdered"/> can make at or after <paramref name="at"/>: ids compare (ordinal)
    /// like their creation times, so a time range is an id range that the id's index can serve.
    /// </summary>
    public static string TimeOrderedLowerBound(string prefix, DateTimeOffset at) =>
        Encode(prefix, (UInt128)(ulong)(at.ToUnixTimeMilliseconds() << 16) << 64);

    /// <summary>When a time-ordered id was made, to the millisecond.</summary>
    public static DateTimeOffset TimeOf(ReadOnlySpan<char> id, int prefixLength)
    {
        UInt128 value = 0;
        foreach (var c in id[prefixLength..])
        {
            value = (value << 5) | (uint)Crockford.IndexOf(c);
        }
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(ulong)(value >> 80));
    }

    private static string Encode(string prefix, UInt128 value)
    {
        Span<char> chars = stackalloc char[prefix.Length + 26];
        prefix.CopyTo(chars);
        for (var i = 0; i < 26; i++)
        {
            chars[prefix.Length + i] = Crockford[(int)((value >> (125 - 5 * i)) & 31)];
        }
        return new string(chars);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
