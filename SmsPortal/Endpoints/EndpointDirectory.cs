using SmsPortal.Common;
using System.Collections.Immutable;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using SmsPortal.Cluster;
using SmsPortal.Data;

namespace SmsPortal.Endpoints;

/// <summary>What the webhook needs to know about an endpoint, with its secrets decrypted.</summary>
public sealed record ResolvedEndpoint(string Id, Guid WorkspaceId, bool Enabled, EndpointFormat Format, ImmutableArray<SigningKey> Keys)
{
    /// <summary>See <see cref="WebhookEndpoint.KeepRepeatedTexts"/>.</summary>
    public bool KeepRepeatedTexts { get; init; }
}

/// <summary>
/// Looks endpoints up for the webhook's hot path. Entries are cached briefly and dropped whenever
/// <see cref="EndpointService"/> changes an endpoint; secret expiry is checked at use, not at load.
/// </summary>
public sealed class EndpointDirectory(IDbContextFactory<AppDbContext> dbFactory, SigningSecrets secrets, IMemoryCache cache, ClusterChanges changes)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    // Another node's (or the CLI's) rotation or revocation reaches this cache within a second, not after CacheFor.
    private readonly ClusterChanges _changes = changes.Subscribe(ClusterChanges.Endpoint, key => cache.Remove(CacheKey(key)));

    public async ValueTask<ResolvedEndpoint?> FindAsync(string endpointId, CancellationToken cancellationToken)
    {
        if (endpointId.Length > 40)
        {
            return null;
        }
        var key = CacheKey(endpointId);
        if (cache.TryGetValue(key, out ResolvedEndpoint? cached))
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.Endpoints.AsNoTracking().Include(e => e.Secrets)
            .SingleOrDefaultAsync(e => e.Id == endpointId, cancellationToken);
        var resolved = endpoint is null
            ? null
            : new ResolvedEndpoint(endpoint.Id, endpoint.WorkspaceId, endpoint.Enabled, endpoint.Format,
                [.. endpoint.Secrets
                    .OrderBy(s => s.ExpiresAt is null ? 0 : 1).ThenByDescending(s => s.CreatedAt)
                    .Select(s => new SigningKey(Encoding.UTF8.GetBytes(secrets.Unprotect(s.ProtectedValue)), s.ExpiresAt))])
            { KeepRepeatedTexts = endpoint.KeepRepeatedTexts };
        // Unknown ids are not cached: anyone can make them up, and the cache must stay bounded.
        if (resolved is not null)
        {
            cache.Set(key, resolved, CacheFor);
        }
        return resolved;
    }

    public void Invalidate(string endpointId)
    {
        cache.Remove(CacheKey(endpointId));
        _changes.Announce(ClusterChanges.Endpoint, endpointId);
    }

    private static string CacheKey(string endpointId) => "endpoint:" + endpointId;
}
