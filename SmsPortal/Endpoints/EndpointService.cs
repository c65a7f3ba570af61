using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Team;

namespace SmsPortal.Endpoints;

public sealed record EndpointSummary(
    string Id, string Name, string? Description, bool Enabled, EndpointFormat Format, DateTimeOffset CreatedAt,
    string Path, IReadOnlyList<DateTimeOffset> PreviousSecretsValidUntil)
{
    /// <summary>See <see cref="WebhookEndpoint.KeepRepeatedTexts"/>.</summary>
    public bool KeepRepeatedTexts { get; init; }
}

public sealed record CreatedEndpoint(string Id, string Path, string Secret);

/// <param name="GatewayNotes">What rotating did at a connected gateway (its signing key updated, or what to paste there).</param>
public sealed record RotatedSecret(string Id, string Secret, IReadOnlyList<DateTimeOffset> PreviousSecretsValidUntil, IReadOnlyList<string>? GatewayNotes = null);

/// <summary>
/// Registered endpoints and their secrets, always within one workspace. The admin CLI and the portal both call this.
/// </summary>
public sealed partial class EndpointService(
    IDbContextFactory<AppDbContext> dbFactory,
    SigningSecrets secrets,
    EndpointDirectory directory,
    TimeProvider time,
    IEnumerable<IEndpointSecretListener> listeners)
{
    public const int MaxPreviousSecrets = 5;

    /// <summary>
    /// Registers an endpoint. The secret is generated (<c>whsec_</c>…) unless one is given: Twilio endpoints need
    /// the account's auth token, and a team may bring a key its gateway already uses.
    /// </summary>
    public async Task<CreatedEndpoint> CreateAsync(
        Guid workspaceId, Actor actor, string name, string? description,
        EndpointFormat format = EndpointFormat.Native, string? secret = null, CancellationToken cancellationToken = default)
    {
        name = (name ?? "").Trim();
        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (name.Length is 0 or > 100)
        {
            throw new UserInputException("Name is required and must be at most 100 characters.");
        }
        if (description?.Length > 500)
        {
            throw new UserInputException("Description must be at most 500 characters.");
        }

        secret = ChooseSecret(format, secret);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken))
        {
            throw new UserInputException("Workspace not found.");
        }
        var now = time.GetUtcNow();
        var endpoint = new WebhookEndpoint
        {
            Id = OpaqueId.NewEndpointId(),
            WorkspaceId = workspaceId,
            Name = name,
            Description = description,
            Format = format,
            CreatedAt = now,
        };
        endpoint.Secrets.Add(NewSecret(endpoint, secret, now));
        db.Endpoints.Add(endpoint);
        db.AddAudit(workspaceId, actor, AuditActions.EndpointCreated, endpoint.Id, now, $"{name} ({format})");
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedEndpoint(endpoint.Id, endpoint.Path, secret);
    }

    public async Task<IReadOnlyList<EndpointSummary>> ListAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoints = await db.Endpoints.AsNoTracking()
            .Where(e => e.WorkspaceId == workspaceId)
            .Include(e => e.Secrets)
            .OrderBy(e => e.Name).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return endpoints.Select(e => Summarize(e, now)).ToList();
    }

    public async Task<EndpointSummary?> FindAsync(Guid workspaceId, string endpointId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.Endpoints.AsNoTracking().Include(e => e.Secrets)
            .SingleOrDefaultAsync(e => e.WorkspaceId == workspaceId && e.Id == endpointId, cancellationToken);
        return endpoint is null ? null : Summarize(endpoint, time.GetUtcNow());
    }

    /// <summary>Returns the current secret in clear and records who asked.</summary>
    public async Task<string> RevealSecretAsync(Guid workspaceId, Actor actor, string endpointId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var current = await db.EndpointSecrets
            .Where(s => s.WorkspaceId == workspaceId && s.EndpointId == endpointId && s.ExpiresAt == null)
            .SingleOrDefaultAsync(cancellationToken) ?? throw NotFound(endpointId);
        db.AddAudit(workspaceId, actor, AuditActions.EndpointSecretRevealed, endpointId, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return secrets.Unprotect(current.ProtectedValue);
    }

    /// <summary>
    /// The current secret, for a test delivery the portal signs itself. The secret never leaves the server, so
    /// the audit records the test send rather than a reveal. Only enabled Native endpoints can be tested this way:
    /// the other formats are signed by their gateways with schemes of their own.
    /// </summary>
    internal async Task<string> SecretForTestDeliveryAsync(Guid workspaceId, Actor actor, string endpointId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var endpoint = await db.Endpoints.AsNoTracking()
            .Where(e => e.WorkspaceId == workspaceId && e.Id == endpointId)
            .Select(e => new { e.Format, e.Enabled, Current = e.Secrets.Where(s => s.ExpiresAt == null).Select(s => s.ProtectedValue).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken);
        if (endpoint?.Current is null)
        {
            throw NotFound(endpointId);
        }
        if (endpoint.Format != EndpointFormat.Native)
        {
            throw new UserInputException($"Test deliveries are signed the native way; this endpoint expects the {endpoint.Format} format from its gateway.");
        }
        if (!endpoint.Enabled)
        {
            throw new UserInputException("This endpoint is disabled: enable it to send a test delivery.");
        }
        db.AddAudit(workspaceId, actor, AuditActions.EndpointTestDelivery, endpointId, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return secrets.Unprotect(endpoint.Current);
    }

    /// <summary>
    /// Makes a new secret current. The previous one stays valid for <paramref name="grace"/> (zero revokes it now);
    /// expired secrets are deleted and at most <see cref="MaxPreviousSecrets"/> previous ones are kept.
    /// </summary>
    public async Task<RotatedSecret> RotateAsync(
        Guid workspaceId, Actor actor, string endpointId, TimeSpan grace, string? newSecret = null, CancellationToken cancellationToken = default)
    {
        GracePeriod.Validate(grace);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var endpoint = await db.Endpoints.Include(e => e.Secrets)
            .SingleOrDefaultAsync(e => e.WorkspaceId == workspaceId && e.Id == endpointId, cancellationToken)
            ?? throw NotFound(endpointId);

        var now = time.GetUtcNow();
        foreach (var current in endpoint.Secrets.Where(s => s.ExpiresAt is null))
        {
            current.ExpiresAt = now + grace;
        }
        var keep = endpoint.Secrets
            .Where(s => s.ExpiresAt > now)
            .OrderByDescending(s => s.ExpiresAt).ThenByDescending(s => s.CreatedAt)
            .Take(MaxPreviousSecrets)
            .ToHashSet();
        db.EndpointSecrets.RemoveRange(endpoint.Secrets.Where(s => !keep.Contains(s)));

        var secret = ChooseSecret(endpoint.Format, newSecret);
        db.EndpointSecrets.Add(NewSecret(endpoint, secret, now));
        db.AddAudit(workspaceId, actor, AuditActions.EndpointSecretRotated, endpointId, now,
            grace == TimeSpan.Zero ? "previous secret revoked" : $"previous secret valid until {now + grace:O}");
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(endpointId);

        var notes = new List<string>();
        foreach (var listener in listeners)
        {
            if (await listener.SecretRotatedAsync(workspaceId, endpointId, secret, now + grace, cancellationToken) is { } note)
            {
                notes.Add(note);
            }
        }
        return new RotatedSecret(endpointId, secret, keep.Select(s => s.ExpiresAt!.Value).OrderBy(t => t).ToList(), notes);
    }

    /// <summary>The operator's view across workspaces (admin CLI only): which workspace owns an endpoint.</summary>
    public async Task<Guid?> FindWorkspaceAsync(string endpointId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Endpoints.Where(e => e.Id == endpointId).Select(e => (Guid?)e.WorkspaceId).SingleOrDefaultAsync(cancellationToken);
    }

    private static string ChooseSecret(EndpointFormat format, string? secret)
    {
        secret = string.IsNullOrWhiteSpace(secret) ? null : secret.Trim();
        if (secret is null)
        {
            return format == EndpointFormat.Twilio
                ? throw new UserInputException("A Twilio endpoint is verified with your Twilio auth token: enter it as the secret.")
                : SigningSecrets.Generate();
        }
        if (secret.Length is < 16 or > 200)
        {
            throw new UserInputException("A secret must be 16 to 200 characters.");
        }
        return secret;
    }

    private EndpointSecret NewSecret(WebhookEndpoint endpoint, string secret, DateTimeOffset now) => new()
    {
        EndpointId = endpoint.Id,
        WorkspaceId = endpoint.WorkspaceId,
        ProtectedValue = secrets.Protect(secret),
        CreatedAt = now,
    };

    private static EndpointSummary Summarize(WebhookEndpoint e, DateTimeOffset now) => new(
        e.Id, e.Name, e.Description, e.Enabled, e.Format, e.CreatedAt, e.Path,
        e.Secrets.Where(s => s.ExpiresAt > now).Select(s => s.ExpiresAt!.Value).OrderBy(t => t).ToList())
    { KeepRepeatedTexts = e.KeepRepeatedTexts };

    private static UserInputException NotFound(string endpointId) => new($"Endpoint '{endpointId}' was not found in this workspace.");
}
