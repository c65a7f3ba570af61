using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Data;
using SmsPortal.Endpoints;
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

    public async Task UpdateAsync(Guid workspaceId, Action<WorkspaceSettings> change, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.WorkspaceSettings.SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        if (settings is null)
        {
            settings = new WorkspaceSettings { WorkspaceId = workspaceId };
            db.WorkspaceSettings.Add(settings);
        }
        change(settings);
        Validate(settings);
        settings.UpdatedAt = time.GetUtcNow();
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

    private static void Validate(WorkspaceSettings settings)
    {
        if (!E164.IsKnownRegion(settings.DefaultRegion))
        {
            throw new UserInputException($"'{settings.DefaultRegion}' is not a known region code (use e.g. US, GB, DE).");
        }
        settings.DefaultRegion = settings.DefaultRegion.ToUpperInvariant();
        if (settings.LoopGuardMaxReplies is < 1 or > 1000)
        {
            throw new UserInputException("The loop guard allows 1 to 1000 auto-replies per window.");
        }
        if (settings.LoopGuardWindowMinutes is < 1 or > 24 * 60)
        {
            throw new UserInputException("The loop guard window is 1 minute to 24 hours.");
        }
    }
}
