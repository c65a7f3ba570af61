using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Cluster;
using SmsPortal.Data;
using SmsPortal.Egress;
using SmsPortal.Team;

namespace SmsPortal.Outbound;

/// <summary>What the portal shows of a workspace's gateway: everything but the credentials, which it only says are set.</summary>
public sealed record GatewaySettingsView(
    bool UsesInstallationGateway, GatewayType Type, string? BaseUrl, string? Username, string? DeviceId, string? From,
    string? AccountSid, string? MessagingServiceSid, string? StatusCallbackUrl, bool HasApiKey, bool HasPassword, bool HasAuthToken);

/// <summary>
/// A change to a workspace's gateway. A credential left empty keeps the one already saved, unless the gateway's
/// scheme, host or port changes: saved credentials are never sent to a new address.
/// </summary>
public sealed record GatewaySettingsInput(
    GatewayType Type, string? BaseUrl, string? Username, string? DeviceId, string? From, string? AccountSid,
    string? MessagingServiceSid, string? StatusCallbackUrl, string? ApiKey, string? Password, string? AuthToken);

/// <summary>
/// Per-workspace gateways. The dispatcher asks <see cref="EffectiveAsync"/> for each message's workspace: its own
/// gateway if it set one, otherwise the installation's from appsettings.json.
/// </summary>
public sealed class GatewaySettingsService(
    IDbContextFactory<AppDbContext> dbFactory,
    IDataProtectionProvider dataProtection,
    IOptionsMonitor<GatewayOptions> installation,
    IMemoryCache cache,
    ClusterChanges changes,
    DestinationPolicy destinations,
    SharedGatewayPolicy shared,
    TimeProvider time)
{
    public const string CredentialsClearedNotice =
        "The gateway's address changed, so its saved credentials were cleared: enter them again.";
    public const string SettingsSaved = "gateway.settings.saved";
    public const string SettingsCleared = "gateway.settings.cleared";
    private readonly IDataProtector _protector = dataProtection.CreateProtector("SmsPortal.Outbound.GatewayCredentials.v1");
    private readonly GatewayCache _cache = new(cache, changes);

    public async Task<GatewaySettingsView> GetAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.WorkspaceGateways.AsNoTracking().SingleOrDefaultAsync(g => g.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            // A workspace the installation's gateway does not send for sees none, so Settings says it needs its own.
            var type = await shared.AllowsAsync(workspaceId, cancellationToken) ? installation.CurrentValue.Type : GatewayType.None;
            return new GatewaySettingsView(true, type, null, null, null, null, null, null, null, false, false, false);
        }
        var secrets = Unprotect(row.ProtectedSecrets);
        return new GatewaySettingsView(false, row.Type, row.BaseUrl, row.Username, row.DeviceId, row.From, row.AccountSid,
            row.MessagingServiceSid, row.StatusCallbackUrl, !string.IsNullOrEmpty(secrets.ApiKey), !string.IsNullOrEmpty(secrets.Password),
            !string.IsNullOrEmpty(secrets.AuthToken));
    }

    public async Task SaveAsync(Guid workspaceId, Actor actor, GatewaySettingsInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var row = await db.WorkspaceGateways.SingleOrDefaultAsync(g => g.WorkspaceId == workspaceId, cancellationToken);
        var moved = row is not null && !SameOrigin(Origin(row.Type, row.BaseUrl), Origin(input.Type, Trim(input.BaseUrl)));
        var kept = moved ? Secrets.None : Unprotect(row?.ProtectedSecrets);
        var secrets = new Secrets(Keep(input.ApiKey, kept.ApiKey), Keep(input.Password, kept.Password), Keep(input.AuthToken, kept.AuthToken));
        var candidate = Options(input.Type, Trim(input.BaseUrl), Trim(input.Username), Trim(input.DeviceId), Trim(input.From),
            Trim(input.AccountSid), Trim(input.MessagingServiceSid), Trim(input.StatusCallbackUrl), secrets);
        if (input.Type == GatewayType.None)
        {
            throw new UserInputException("Choose a gateway type, or use the installation's gateway.");
        }
        if (candidate.Problems() is [var first, ..])
        {
            var problem = first.Replace("Gateway:", "", StringComparison.Ordinal);
            throw new UserInputException(moved ? $"{CredentialsClearedNotice} {problem}" : problem);
        }
        if (await destinations.ProblemAsync(candidate.EffectiveBaseUrl!, cancellationToken) is { } unreachable)
        {
            throw new UserInputException($"BaseUrl: {unreachable}");
        }

        if (row is null)
        {
            row = new WorkspaceGateway { WorkspaceId = workspaceId };
            db.WorkspaceGateways.Add(row);
        }
        row.Type = input.Type;
        row.BaseUrl = candidate.BaseUrl;
        row.Username = candidate.Username;
        row.DeviceId = candidate.DeviceId;
        row.From = candidate.From;
        row.AccountSid = candidate.AccountSid;
        row.MessagingServiceSid = candidate.MessagingServiceSid;
        row.StatusCallbackUrl = candidate.StatusCallbackUrl;
        row.ProtectedSecrets = _protector.Protect(JsonSerializer.Serialize(secrets));
        row.UpdatedAt = time.GetUtcNow();
        db.AddAudit(workspaceId, actor, SettingsSaved, "gateway", row.UpdatedAt, input.Type.ToString());
        await db.SaveChangesAsync(cancellationToken);
        _cache.Changed(workspaceId);
    }

    /// <summary>Back to the installation's gateway; the workspace's credentials are deleted.</summary>
    public async Task ClearAsync(Guid workspaceId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var row = await db.WorkspaceGateways.SingleOrDefaultAsync(g => g.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            return;
        }
        db.WorkspaceGateways.Remove(row);
        db.AddAudit(workspaceId, actor, SettingsCleared, "gateway", time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        _cache.Changed(workspaceId);
    }

    /// <summary>
    /// The gateway a workspace's messages leave through now: its own, else the installation's if
    /// <c>Outbound:SharedGatewayFor</c> lets it use that one, else none.
    /// </summary>
    public async ValueTask<GatewayOptions> EffectiveAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var own = await _cache.GatewayAsync(workspaceId, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = await db.WorkspaceGateways.AsNoTracking().SingleOrDefaultAsync(g => g.WorkspaceId == workspaceId, cancellationToken);
            return row is null ? null : Options(row.Type, row.BaseUrl, row.Username, row.DeviceId, row.From, row.AccountSid,
                row.MessagingServiceSid, row.StatusCallbackUrl, Unprotect(row.ProtectedSecrets));
        });
        return own ?? (await shared.AllowsAsync(workspaceId, cancellationToken) ? installation.CurrentValue : NoGateway);
    }

    /// <summary>
    /// The workspaces whose queued messages can be sent now (null: all): those with a gateway of their own, and those
    /// the installation's gateway, when configured, sends for.
    /// </summary>
    public async Task<IReadOnlyList<Guid>?> SendableWorkspacesAsync(bool installationConfigured, CancellationToken cancellationToken = default)
    {
        var own = await WorkspacesWithOwnGatewayAsync(cancellationToken);
        if (!installationConfigured)
        {
            return own;
        }
        return await shared.WorkspacesAsync(cancellationToken) is { } allowed ? own.Union(allowed).ToList() : null;
    }

    /// <summary>
    /// Workspaces with a gateway of their own (the dispatcher sends theirs even when the installation has none).
    /// Cached as each workspace's gateway is: the dispatcher asks at every claim.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> WorkspacesWithOwnGatewayAsync(CancellationToken cancellationToken = default)
    {
        var own = await _cache.WithOwnGatewayAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.WorkspaceGateways.Select(g => g.WorkspaceId).ToListAsync(cancellationToken);
        });
        return own ?? [];
    }

    private GatewayOptions Options(GatewayType type, string? baseUrl, string? username, string? deviceId, string? from, string? accountSid,
        string? messagingServiceSid, string? statusCallbackUrl, Secrets secrets)
    {
        var global = installation.CurrentValue;
        return new GatewayOptions
        {
            Type = type,
            BaseUrl = baseUrl,
            Username = username,
            DeviceId = deviceId,
            From = from,
            AccountSid = accountSid,
            MessagingServiceSid = messagingServiceSid,
            StatusCallbackUrl = statusCallbackUrl,
            ApiKey = secrets.ApiKey,
            Password = secrets.Password,
            AuthToken = secrets.AuthToken,
            IsWorkspaceGateway = true,
            Timeout = global.Timeout,
            MaxConcurrentSends = global.MaxConcurrentSends,
        };
    }

    private Secrets Unprotect(string? protectedSecrets) =>
        protectedSecrets is { Length: > 0 } value ? JsonSerializer.Deserialize<Secrets>(_protector.Unprotect(value)) ?? Secrets.None : Secrets.None;

    private static string? Keep(string? entered, string? saved) => string.IsNullOrWhiteSpace(entered) ? saved : entered.Trim();

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static readonly GatewayOptions NoGateway = new() { Type = GatewayType.None };

    private static Uri? Origin(GatewayType type, string? baseUrl) =>
        Uri.TryCreate(string.IsNullOrWhiteSpace(baseUrl) ? GatewayOptions.DefaultBaseUrl(type) : baseUrl, UriKind.Absolute, out var uri) ? uri : null;

    private static bool SameOrigin(Uri? saved, Uri? entered) =>
        saved is not null && entered is not null && saved.Scheme == entered.Scheme && saved.Port == entered.Port
        && string.Equals(saved.IdnHost, entered.IdnHost, StringComparison.OrdinalIgnoreCase);

    private sealed record Secrets(string? ApiKey, string? Password, string? AuthToken)
    {
        public static Secrets None { get; } = new(null, null, null);
    }
}
