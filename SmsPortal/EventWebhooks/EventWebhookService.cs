using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Egress;
using SmsPortal.Team;

namespace SmsPortal.EventWebhooks;

public sealed record EventSubscriptionSummary(
    string Id, string Url, string? Description, IReadOnlyList<string> Events, bool Enabled, string? DisabledReason,
    int FailureStreak, DateTimeOffset CreatedAt, DateTimeOffset? PreviousSecretExpiresAt);

/// <summary>A new subscription; <see cref="Secret"/> is also shown later to Admins on request.</summary>
public sealed record CreatedEventSubscription(EventSubscriptionSummary Subscription, string Secret);

/// <summary>
/// A workspace's event webhooks, changed by Owners and Admins only (checked in the database), every change audited.
/// URLs are checked like forward targets: only addresses the hardened client may reach.
/// </summary>
public sealed partial class EventWebhookService(
    IDbContextFactory<AppDbContext> dbFactory, EventSigning signing, DestinationPolicy destinations, EventSignal signal, EventInterest interest, TimeProvider time)
{
    public const int MaxPerWorkspace = 20;

    public async Task<CreatedEventSubscription> CreateAsync(
        Guid workspaceId, Actor actor, string url, IEnumerable<string> events, string? description, CancellationToken cancellationToken = default)
    {
        (url, var types, description) = await CheckAsync(url, events, description, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        if (await db.EventSubscriptions.CountAsync(s => s.WorkspaceId == workspaceId, cancellationToken) >= MaxPerWorkspace)
        {
            throw new UserInputException($"A workspace can have at most {MaxPerWorkspace} event webhooks.");
        }
        var secret = EventSigning.NewSecret();
        var now = time.GetUtcNow();
        var subscription = new EventSubscription
        {
            Id = "ewh_" + OpaqueId.NewEndpointId()[3..],
            WorkspaceId = workspaceId,
            Url = url,
            Description = description,
            Events = string.Join(' ', types),
            ProtectedSecret = signing.Protect(secret),
            CreatedAt = now,
        };
        db.EventSubscriptions.Add(subscription);
        db.AddAudit(workspaceId, actor, "event_webhook.created", subscription.Id, now, $"{url}: {subscription.Events}");
        await db.SaveChangesAsync(cancellationToken);
        interest.Changed(workspaceId);
        return new CreatedEventSubscription(Summarize(subscription), secret);
    }

    /// <summary>Changes where and which events go; deliveries not yet sent go to the new URL.</summary>
    public async Task<EventSubscriptionSummary> UpdateAsync(
        Guid workspaceId, Actor actor, string id, string url, IEnumerable<string> events, string? description, CancellationToken cancellationToken = default)
    {
        (url, var types, description) = await CheckAsync(url, events, description, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var subscription = await FindAsync(db, workspaceId, id, cancellationToken);
        var (before, after) = ($"{subscription.Url}: {subscription.Events}", $"{url}: {string.Join(' ', types)}");
        if (before != after || subscription.Description != description)
        {
            (subscription.Url, subscription.Events, subscription.Description) = (url, string.Join(' ', types), description);
            db.AddAudit(workspaceId, actor, "event_webhook.updated", id, time.GetUtcNow(), before == after ? "description changed" : $"{before} -> {after}");
            await db.SaveChangesAsync(cancellationToken);
            interest.Changed(workspaceId);
        }
        return Summarize(subscription);
    }

    /// <summary>The URL as it will be called (checked against the hardened client's rules), the events, the description.</summary>
    private async Task<(string Url, IReadOnlyList<string> Events, string? Description)> CheckAsync(
        string? url, IEnumerable<string> events, string? description, CancellationToken cancellationToken)
    {
        url = (url ?? "").Trim();
        var types = EventTypes.Parse(events);
        if (url.Length > 2000)
        {
            throw new UserInputException("The URL can be at most 2000 characters.");
        }
        if (await destinations.ProblemAsync(url, cancellationToken) is { } problem)
        {
            throw new UserInputException(problem);
        }
        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        return description?.Length > 200
            ? throw new UserInputException("The description can be at most 200 characters.")
            : (url, types, description);
    }

    public async Task<IReadOnlyList<EventSubscriptionSummary>> ListAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.EventSubscriptions.AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return rows.OrderBy(s => s.CreatedAt).Select(Summarize).ToList();
    }

    /// <summary>The current secret, for an Admin setting up the receiver; audited.</summary>
    public Task<string> RevealSecretAsync(Guid workspaceId, Actor actor, string id, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, actor, id, "event_webhook.secret.revealed", s => (signing.Unprotect(s.ProtectedSecret), null), cancellationToken);

    /// <summary>A new secret; deliveries are signed with the previous one too until <paramref name="grace"/> has passed.</summary>
    public Task<string> RotateSecretAsync(Guid workspaceId, Actor actor, string id, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        Endpoints.GracePeriod.Validate(grace);
        return ChangeAsync(workspaceId, actor, id, "event_webhook.secret.rotated", s =>
        {
            var secret = EventSigning.NewSecret();
            (s.PreviousProtectedSecret, s.PreviousSecretExpiresAt) = grace > TimeSpan.Zero
                ? (s.ProtectedSecret, time.GetUtcNow() + grace)
                : ((string?)null, (DateTimeOffset?)null);
            s.ProtectedSecret = signing.Protect(secret);
            return (secret, grace == TimeSpan.Zero ? "previous secret revoked" : $"previous secret valid for {grace}");
        }, cancellationToken);
    }

    public Task SetEnabledAsync(Guid workspaceId, Actor actor, string id, bool enabled, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, actor, id, enabled ? "event_webhook.enabled" : "event_webhook.disabled", s =>
        {
            (s.Enabled, s.DisabledReason) = (enabled, null);
            if (enabled)
            {
                (s.FailureStreak, s.FailingSince) = (0, null);
                signal.Notify();
            }
            return ("", null);
        }, cancellationToken);

    public async Task DeleteAsync(Guid workspaceId, Actor actor, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var subscription = await FindAsync(db, workspaceId, id, cancellationToken);
        await db.EventDeliveryAttempts.Where(a => db.EventDeliveries.Any(d => d.Id == a.DeliveryId && d.SubscriptionId == id)).ExecuteDeleteAsync(cancellationToken);
        db.EventSubscriptions.Remove(subscription);
        db.AddAudit(workspaceId, actor, "event_webhook.deleted", id, time.GetUtcNow(), subscription.Url);
        await db.SaveChangesAsync(cancellationToken);
        interest.Changed(workspaceId);
    }

    internal static async Task<EventSubscription> FindAsync(AppDbContext db, Guid workspaceId, string id, CancellationToken cancellationToken) =>
        await db.EventSubscriptions.SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId && s.Id == id, cancellationToken)
            ?? throw new UserInputException("That event webhook was not found.");

    private async Task<string> ChangeAsync(
        Guid workspaceId, Actor actor, string id, string action, Func<EventSubscription, (string Result, string? Detail)> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var subscription = await FindAsync(db, workspaceId, id, cancellationToken);
        var (result, detail) = change(subscription);
        db.AddAudit(workspaceId, actor, action, id, time.GetUtcNow(), detail);
        await db.SaveChangesAsync(cancellationToken);
        interest.Changed(workspaceId);
        return result;
    }

    internal static EventSubscriptionSummary Summarize(EventSubscription s) =>
        new(s.Id, s.Url, s.Description, s.EventList.ToList(), s.Enabled, s.DisabledReason, s.FailureStreak, s.CreatedAt, s.PreviousSecretExpiresAt);
}
