using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SmsPortal.Webhooks.Formats;

/// <summary>
/// Binds a bearer token that does not sign the body (httpSMS's JWT) to the first body it came with, until it expires.
/// Keys are hashes of the token, so no token is kept in memory.
/// </summary>
internal sealed class TokenBodyBinding
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, (byte[] BodyHash, DateTimeOffset Expires)> _bindings = new(StringComparer.Ordinal);

    /// <summary>True for the token's first body and for that same body again; false for any other body.</summary>
    public bool Bind(ReadOnlySpan<char> token, ReadOnlySpan<byte> body, DateTimeOffset expires, DateTimeOffset now)
    {
        if (_bindings.Count > PruneAbove)
        {
            foreach (var (key, binding) in _bindings)
            {
                if (binding.Expires < now)
                {
                    _bindings.TryRemove(key, out _);
                }
            }
        }
        var tokenHash = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(token.ToString())));
        var bodyHash = SHA256.HashData(body);
        var bound = _bindings.AddOrUpdate(tokenHash, (bodyHash, expires), (_, existing) => existing.Expires < now ? (bodyHash, expires) : existing);
        return CryptographicOperations.FixedTimeEquals(bound.BodyHash, bodyHash);
    }
}
