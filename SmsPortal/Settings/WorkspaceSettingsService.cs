using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Endpoints;
using SmsPortal.Team;
using SmsPortal.Rules.Compliance;

namespace SmsPortal.Settings;

/// <summary>Reads and changes a workspace's settings; a workspace that never saved any gets the defaults.</summary>
public sealed class WorkspaceSettingsService(IDbContextFactory<AppDbContext> dbFactory, SigningSecrets secrets, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public event Action<Guid>? Changed;

    public async Task<WorkspaceSettings> GetAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await GetAsync(db, workspaceId, cancellationToken);
    }

    public static async Task<WorkspaceSettings> GetAsync(AppDbContext db, Guid workspaceId, CancellationToken cancellationToken) =>
        await db.WorkspaceSettings.AsNoTracking().SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken)
        ?? new WorkspaceSettings { WorkspaceId = workspaceId };

    public static ComplianceSettings Compliance(WorkspaceSettings settings) =>
        settings.ComplianceJson is { Length: > 0 } json
            ? JsonSerializer.Deserialize<ComplianceSettings>(json, Json) ?? new ComplianceSettings()
            : new ComplianceSettings();

    public Task UpdateAsync(Guid workspaceId, Action<WorkspaceSettings> change, CancellationToken cancellationToken = default) =>
        UpdateAsync(workspaceId, change, audit: null, cancellationToken);

    /// <summary>The Settings page's save: checks the values (a <see cref="UserInputException"/> names what is wrong) and audits what changed.</summary>
    public Task SaveGeneralAsync(Guid workspaceId, Actor actor, GeneralSettings values, CancellationToken cancellationToken = default) =>
        UpdateAsync(workspaceId, values.ApplyTo, async (db, before, after, now) =>
        {
            await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
            var changes = Changes(before, after);
            if (changes.Length > 0)
            {
                db.AddAudit(workspaceId, actor, SettingsChanged, "settings", now, changes.Length > 1000 ? changes[..1000] : changes);
            }
        }, cancellationToken);

    public const string SettingsChanged = "settings.changed";

    private async Task UpdateAsync(
        Guid workspaceId, Action<WorkspaceSettings> change, Func<AppDbContext, GeneralSettings, GeneralSettings, DateTimeOffset, Task>? audit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.WorkspaceSettings.SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        if (settings is null)
        {
            settings = new WorkspaceSettings { WorkspaceId = workspaceId };
            db.WorkspaceSettings.Add(settings);
        }
        var before = GeneralSettings.From(settings);
        change(settings);
        Validate(settings);
        settings.UpdatedAt = time.GetUtcNow();
        if (audit is not null)
        {
            await audit(db, before, GeneralSettings.From(settings), settings.UpdatedAt);
        }
        await db.SaveChangesAsync(cancellationToken);
        Changed?.Invoke(workspaceId);
    }

    public Task SaveComplianceAsync(Guid workspaceId, ComplianceSettings compliance, CancellationToken cancellationToken = default) =>
        UpdateAsync(workspaceId, s => s.ComplianceJson = JsonSerializer.Serialize(compliance, Json), cancellationToken);

    /// <summary>The secret that signs forwarded messages; created on first use.</summary>
    public async Task<string> ForwardingSecretAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var settings = await GetAsync(workspaceId, cancellationToken);
        if (settings.ForwardingSecretProtected is { } existing)
        {
            return secrets.Unprotect(existing);
        }
        var secret = SigningSecrets.Generate();
        await UpdateAsync(workspaceId, s => s.ForwardingSecretProtected ??= secrets.Protect(secret), cancellationToken);
        return secrets.Unprotect((await GetAsync(workspaceId, cancellationToken)).ForwardingSecretProtected!);
    }

    private static string Changes(GeneralSettings before, GeneralSettings after) =>
        string.Join("; ", typeof(GeneralSettings).GetProperties()
            .Select(p => (p.Name, Before: p.GetValue(before)?.ToString(), After: p.GetValue(after)?.ToString()))
            .Where(p => p.Before != p.After)
            .Select(p => $"{p.Name}: {p.Before} → {p.After}"));

    private static void Validate(WorkspaceSettings settings)
    {
        var errors = SettingsValidation.Errors(settings);
        if (errors.Count > 0)
        {
            throw new UserInputException(string.Join(" ", errors.Values));
        }
        settings.DefaultRegion = settings.DefaultRegion.ToUpperInvariant();
    }
}
