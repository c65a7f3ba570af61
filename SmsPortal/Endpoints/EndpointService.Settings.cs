using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Data;
using SmsPortal.Team;

namespace SmsPortal.Endpoints;

/// <summary>An endpoint's switches: its format, whether it is enabled, the repeat guard; and deleting it.</summary>
public sealed partial class EndpointService
{
    public Task SetFormatAsync(Guid workspaceId, Actor actor, string endpointId, EndpointFormat format, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, actor, endpointId, (_, endpoint) =>
        {
            if (endpoint.Format == format)
            {
                return null;
            }
            endpoint.Format = format;
            return (AuditActions.EndpointFormatChanged, format.ToString());
        }, cancellationToken);

    /// <summary>The repeat guard's switch (<see cref="WebhookEndpoint.KeepRepeatedTexts"/>).</summary>
    public Task SetKeepRepeatedTextsAsync(Guid workspaceId, Actor actor, string endpointId, bool keep, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, actor, endpointId, (_, endpoint) =>
        {
            if (endpoint.KeepRepeatedTexts == keep)
            {
                return null;
            }
            endpoint.KeepRepeatedTexts = keep;
            return (AuditActions.EndpointRepeatsChanged, keep ? "repeats kept" : "repeats dropped");
        }, cancellationToken);

    public Task SetEnabledAsync(Guid workspaceId, Actor actor, string endpointId, bool enabled, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, actor, endpointId, (_, endpoint) =>
        {
            if (endpoint.Enabled == enabled)
            {
                return null;
            }
            endpoint.Enabled = enabled;
            return (enabled ? AuditActions.EndpointEnabled : AuditActions.EndpointDisabled, null);
        }, cancellationToken);

    /// <summary>Deletes the endpoint and its secrets; messages already received through it are kept.</summary>
    public Task DeleteAsync(Guid workspaceId, Actor actor, string endpointId, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspaceId, actor, endpointId, (db, endpoint) =>
        {
            db.Endpoints.Remove(endpoint);
            return (AuditActions.EndpointDeleted, endpoint.Name);
        }, cancellationToken);

    /// <summary>
    /// Loads the endpoint for an Admin of its workspace and applies <paramref name="change"/>, which returns the audit
    /// action and detail, or null when nothing changed (then nothing is saved).
    /// </summary>
    private async Task ChangeAsync(
        Guid workspaceId, Actor actor, string endpointId, Func<AppDbContext, WebhookEndpoint, (string Action, string? Detail)?> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var endpoint = await db.Endpoints.SingleOrDefaultAsync(e => e.WorkspaceId == workspaceId && e.Id == endpointId, cancellationToken)
            ?? throw NotFound(endpointId);
        if (change(db, endpoint) is not var (action, detail))
        {
            return;
        }
        db.AddAudit(workspaceId, actor, action, endpointId, time.GetUtcNow(), detail);
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(endpointId);
    }
}
