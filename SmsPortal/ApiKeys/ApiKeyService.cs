using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Team;

namespace SmsPortal.ApiKeys;

public sealed record ApiKeySummary(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string? ActsAsUserId = null, string? ActsAs = null);

/// <summary>A new key: <see cref="Key"/> is shown this once and never again.</summary>
public sealed record CreatedApiKey(ApiKeySummary Summary, string Key);

/// <summary>A key that authenticated a request.</summary>
/// <param name="ActsAsUserId">The member whose view of conversations the key has; null: the whole workspace.</param>
public sealed record ApiKeyIdentity(Guid Id, Guid WorkspaceId, string Name, string Prefix, IReadOnlyList<string> Scopes, string? ActsAsUserId = null)
{
    public Actor Actor => Actor.ApiKey($"api key {Name} ({Prefix})");

    /// <summary>Who the key acts as where a member's role and view apply: that member, else the key itself (the whole workspace).</summary>
    public Actor ActingAs => ActsAsUserId is { } userId ? new Actor(userId, Actor.Name) : Actor;
}

/// <summary>
/// API keys of one workspace: created, rescoped and revoked by Owners and Admins (or the operator at the CLI),
/// every change audited; and the lookup that authenticates a request, which trusts nothing but the database.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const string KeyPrefix = "smsp_";
    public const int PrefixLength = 15;
    public const int MaxNameLength = 100;
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
    private const string FormerMember = "(no longer a member)";

    public async Task<CreatedApiKey> CreateAsync(
        Guid workspaceId, Actor actor, string name, IEnumerable<string> scopes, DateTimeOffset? expiresAt = null, string? actsAsUserId = null,
        CancellationToken cancellationToken = default)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > MaxNameLength)
        {
            throw new UserInputException($"Give the key a name of at most {MaxNameLength} characters.");
        }
        var granted = ApiScopes.Parse(scopes);
        var now = time.GetUtcNow();
        if (expiresAt <= now)
        {
            throw new UserInputException("The expiry must be in the future.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var actsAs = actsAsUserId is null ? null
            : (await ApiKeyMembers.EmailsAsync(db, workspaceId, [actsAsUserId], cancellationToken)).GetValueOrDefault(actsAsUserId)
              ?? throw new UserInputException("A key can only act as a member of this team.");
        var prefix = KeyPrefix + NewToken(10).ToLowerInvariant();
        var key = prefix + "_" + NewToken(43);
        var row = new ApiKey
        {
            WorkspaceId = workspaceId,
            Name = name,
            Prefix = prefix,
            Hash = HashOf(key),
            Scopes = string.Join(' ', granted),
            CreatedAt = now,
            CreatedBy = actor.Name,
            ExpiresAt = expiresAt,
            ActsAsUserId = actsAsUserId,
        };
        db.ApiKeys.Add(row);
        db.AddAudit(workspaceId, actor, ApiKeyAuditActions.Created, prefix, now,
            $"{name}: {row.Scopes}" + (expiresAt is { } at ? $", expires {at:O}" : "") + (actsAs is null ? "" : $", acts as {actsAs}"));
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(Summarize(row, actsAs), key);
    }

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ApiKeys.AsNoTracking().Where(k => k.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var members = await ApiKeyMembers.EmailsAsync(db, workspaceId, rows.Select(k => k.ActsAsUserId).OfType<string>().Distinct().ToList(), cancellationToken);
        return rows.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt)
            .Select(k => Summarize(k, k.ActsAsUserId is null ? null : members.GetValueOrDefault(k.ActsAsUserId, FormerMember))).ToList();
    }

    public async Task<Guid?> FindWorkspaceAsync(Guid keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.Where(k => k.Id == keyId).Select(k => (Guid?)k.WorkspaceId).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Revokes the key: the next request made with it gets 401.</summary>
    public Task RevokeAsync(Guid workspaceId, Actor actor, Guid keyId, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, actor, keyId, ApiKeyAuditActions.Revoked, key =>
        {
            if (key.RevokedAt is not null)
            {
                return null;
            }
            key.RevokedAt = time.GetUtcNow();
            return key.Name;
        }, cancellationToken);

    public Task SetScopesAsync(Guid workspaceId, Actor actor, Guid keyId, IEnumerable<string> scopes, CancellationToken cancellationToken = default)
    {
        var granted = string.Join(' ', ApiScopes.Parse(scopes));
        return ChangeAsync(workspaceId, actor, keyId, ApiKeyAuditActions.ScopesChanged, key =>
        {
            if (key.RevokedAt is not null)
            {
                throw new UserInputException("That key is revoked; create a new one.");
            }
            if (key.Scopes == granted)
            {
                return null;
            }
            var detail = $"{key.Scopes} -> {granted}";
            key.Scopes = granted;
            return detail;
        }, cancellationToken);
    }

    /// <summary>The key's identity if it exists, is not revoked and has not expired; null otherwise.</summary>
    public async Task<ApiKeyIdentity?> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (presented.Length < PrefixLength + 2 || !presented.StartsWith(KeyPrefix, StringComparison.Ordinal) || presented[PrefixLength] != '_')
        {
            return null;
        }
        var prefix = presented[..PrefixLength];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        var now = time.GetUtcNow();
        if (key is null || !CryptographicOperations.FixedTimeEquals(key.Hash, HashOf(presented)) || !key.IsActiveAt(now))
        {
            return null;
        }
        if (key.LastUsedAt is null || key.LastUsedAt < now - LastUsedResolution)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }
        return new ApiKeyIdentity(key.Id, key.WorkspaceId, key.Name, key.Prefix, key.Scopes.Split(' '), key.ActsAsUserId);
    }

    /// <summary>False for a key that acts as someone who has since left the workspace (it must not fall back to the whole workspace).</summary>
    public async Task<bool> MemberStillThereAsync(ApiKeyIdentity key, CancellationToken cancellationToken = default)
    {
        if (key.ActsAsUserId is null)
        {
            return true;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ApiKeyMembers.IsMemberAsync(db, key.WorkspaceId, key.ActsAsUserId, cancellationToken);
    }

    private async Task ChangeAsync(Guid workspaceId, Actor actor, Guid keyId, string action, Func<ApiKey, string?> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.WorkspaceId == workspaceId && k.Id == keyId, cancellationToken)
            ?? throw new UserInputException("That API key was not found.");
        if (change(key) is { } detail)
        {
            db.AddAudit(workspaceId, actor, action, key.Prefix, time.GetUtcNow(), detail);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static ApiKeySummary Summarize(ApiKey k, string? actsAs) =>
        new(k.Id, k.Name, k.Prefix, k.Scopes.Split(' '), k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.LastUsedAt, k.RevokedAt, k.ActsAsUserId, actsAs);

    internal static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary><paramref name="length"/> random url-safe characters, without the look-alikes I, L, O and U.</summary>
    private static string NewToken(int length)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghjkmnpqrstvwxyz";
        return string.Create(length, alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
    }
}

public static class ApiKeyAuditActions
{
    public const string Created = "api_key.created";
    public const string Revoked = "api_key.revoked";
    public const string ScopesChanged = "api_key.scopes.changed";
}
