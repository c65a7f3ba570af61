using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Settings;
using SmsPortal.Team;

namespace SmsPortal.Inbox;

/// <summary>The inbox part of a workspace's settings.</summary>
public sealed record InboxSettings(bool AgentsSeeOwnAndUnassigned, bool AutoAssign, int AutoAssignCap);

/// <summary>Reads and changes who sees what and how conversations are assigned; Owners and Admins change them.</summary>
public sealed class InboxSettingsService(IDbContextFactory<AppDbContext> dbFactory, WorkspaceSettingsService settings, AssignmentSignal assignments, TimeProvider time)
{
    public const int MaxCap = 100;

    public async Task<InboxSettings> GetAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var current = await settings.GetAsync(workspaceId, cancellationToken);
        return new InboxSettings(current.AgentsSeeOwnAndUnassigned, current.AutoAssign, current.AutoAssignCap);
    }

    public async Task SaveAsync(Guid workspaceId, Actor actor, InboxSettings values, CancellationToken cancellationToken = default)
    {
        if (values.AutoAssignCap is < 1 or > MaxCap)
        {
            throw new UserInputException($"The cap is 1 to {MaxCap} open conversations per member.");
        }
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
            db.AddAudit(workspaceId, actor, WorkspaceSettingsService.SettingsChanged, "inbox", time.GetUtcNow(),
                $"AgentsSeeOwnAndUnassigned: {values.AgentsSeeOwnAndUnassigned}; AutoAssign: {values.AutoAssign}; AutoAssignCap: {values.AutoAssignCap}");
            await db.SaveChangesAsync(cancellationToken);
        }
        await settings.UpdateAsync(workspaceId, s =>
        {
            s.AgentsSeeOwnAndUnassigned = values.AgentsSeeOwnAndUnassigned;
            s.AutoAssign = values.AutoAssign;
            s.AutoAssignCap = values.AutoAssignCap;
        }, cancellationToken);
        assignments.Notify(workspaceId);
    }
}
