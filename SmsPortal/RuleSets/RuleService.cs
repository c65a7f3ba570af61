using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Engine;
using SmsPortal.Rules.Model;
using SmsPortal.Settings;
using SmsPortal.Team;

namespace SmsPortal.RuleSets;

public sealed record StoredRule(RuleDefinition Definition, int Position, long HitCount, DateTimeOffset? LastFiredAt, DateTimeOffset UpdatedAt);

/// <summary>A workspace's rules: save (validated as the whole set will compile), order, enable, import and export.</summary>
public sealed class RuleService(
    IDbContextFactory<AppDbContext> dbFactory,
    RuleSetCache cache,
    WorkspaceSettingsService settings,
    RuleSetValidation validation,
    TimeProvider time,
    ILogger<RuleService> logger)
{
    public async Task<IReadOnlyList<StoredRule>> ListAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await db.Rules.AsNoTracking().Where(r => r.WorkspaceId == workspaceId).OrderBy(r => r.Position).ToListAsync(cancellationToken);
        return records.Select(r => new StoredRule(RuleSetSerializer.DeserializeRule(r.DefinitionJson), r.Position, r.HitCount, r.LastFiredAt, r.UpdatedAt)).ToList();
    }

    /// <summary>Adds or replaces a rule. Throws <see cref="RuleCompilationException"/> with field-level errors.</summary>
    public async Task SaveAsync(Guid workspaceId, RuleDefinition rule, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await EditorContextAsync(workspaceId, actor, cancellationToken);
        var records = await db.Rules.Where(r => r.WorkspaceId == workspaceId).OrderBy(r => r.Position).ToListAsync(cancellationToken);
        var definitions = records.Select(r => RuleSetSerializer.DeserializeRule(r.DefinitionJson)).ToList();
        var index = definitions.FindIndex(d => d.Id == rule.Id);
        if (index >= 0)
        {
            definitions[index] = rule;
        }
        else
        {
            definitions.Add(rule);
        }
        await ValidateAsync(db, workspaceId, definitions, cancellationToken);

        var record = records.SingleOrDefault(r => r.Id == rule.Id);
        if (record is null)
        {
            record = new RuleRecord
            {
                WorkspaceId = workspaceId,
                Id = rule.Id,
                Name = rule.Name,
                Position = records.Count == 0 ? 0 : records.Max(r => r.Position) + 1,
                DefinitionJson = "",
            };
            db.Rules.Add(record);
        }
        var created = record.DefinitionJson.Length == 0;
        Apply(record, rule);
        db.AddAudit(workspaceId, actor, created ? "rule.created" : "rule.updated", rule.Id, time.GetUtcNow(),
            $"{rule.Name}{(rule.Enabled ? "" : " (disabled)")}");
        await db.SaveChangesAsync(cancellationToken);
        await DraftChangedAsync(db, workspaceId, cancellationToken);
    }

    public async Task DeleteAsync(Guid workspaceId, string ruleId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await EditorContextAsync(workspaceId, actor, cancellationToken);
        var record = await db.Rules.SingleOrDefaultAsync(r => r.WorkspaceId == workspaceId && r.Id == ruleId, cancellationToken)
            ?? throw new UserInputException($"Rule '{ruleId}' was not found.");
        db.Rules.Remove(record);
        db.AddAudit(workspaceId, actor, "rule.deleted", ruleId, time.GetUtcNow(), record.Name);
        await db.SaveChangesAsync(cancellationToken);
        await DraftChangedAsync(db, workspaceId, cancellationToken);
    }

    public async Task SetEnabledAsync(Guid workspaceId, string ruleId, bool enabled, Actor actor, CancellationToken cancellationToken = default)
    {
        var rule = (await ListAsync(workspaceId, cancellationToken)).SingleOrDefault(r => r.Definition.Id == ruleId)
            ?? throw new UserInputException($"Rule '{ruleId}' was not found.");
        await SaveAsync(workspaceId, rule.Definition with { Enabled = enabled }, actor, cancellationToken);
    }

    /// <summary>Sets the authoring order (the tie-breaker after priority) to the order given.</summary>
    public async Task ReorderAsync(Guid workspaceId, IReadOnlyList<string> ruleIds, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await EditorContextAsync(workspaceId, actor, cancellationToken);
        var records = await db.Rules.Where(r => r.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        if (records.Count != ruleIds.Count || records.Any(r => !ruleIds.Contains(r.Id)))
        {
            throw new UserInputException("The new order must list every rule exactly once.");
        }
        foreach (var record in records)
        {
            record.Position = ruleIds.ToList().IndexOf(record.Id);
        }
        db.AddAudit(workspaceId, actor, "rules.reordered", "rules", time.GetUtcNow(), string.Join(", ", ruleIds));
        await db.SaveChangesAsync(cancellationToken);
        await DraftChangedAsync(db, workspaceId, cancellationToken);
    }

    /// <summary>
    /// Moves a rule one place up or down in firing order. Only rules of equal priority can trade places: across
    /// priorities the order is the priorities'.
    /// </summary>
    public async Task MoveAsync(Guid workspaceId, string ruleId, bool up, Actor actor, CancellationToken cancellationToken = default)
    {
        var authoring = await ListAsync(workspaceId, cancellationToken);
        var firing = authoring.OrderByDescending(r => r.Definition.Priority).ThenBy(r => r.Position).ToList();
        var index = firing.FindIndex(r => r.Definition.Id == ruleId);
        if (index < 0)
        {
            throw new UserInputException($"Rule '{ruleId}' was not found.");
        }
        var neighbour = up ? index - 1 : index + 1;
        if (neighbour < 0 || neighbour >= firing.Count)
        {
            throw new UserInputException($"'{firing[index].Definition.Name}' is already {(up ? "first" : "last")}.");
        }
        if (firing[neighbour].Definition.Priority != firing[index].Definition.Priority)
        {
            throw new UserInputException($"'{firing[neighbour].Definition.Name}' has a different priority; change the priority to move past it.");
        }
        var ids = authoring.Select(r => r.Definition.Id).ToList();
        var a = ids.IndexOf(ruleId);
        var b = ids.IndexOf(firing[neighbour].Definition.Id);
        (ids[a], ids[b]) = (ids[b], ids[a]);
        await ReorderAsync(workspaceId, ids, actor, cancellationToken);
    }

    /// <summary>
    /// Throws unless the actor is an Owner or Admin of the workspace as the database has it now (the role claim of a
    /// long-lived circuit can be stale). The portal calls it before every change; the admin CLI acts as the operator.
    /// </summary>
    public async Task RequireEditorAsync(Guid workspaceId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
    }

    public async Task<ComplianceSettings> GetComplianceAsync(Guid workspaceId, CancellationToken cancellationToken = default) =>
        WorkspaceSettingsService.Compliance(await settings.GetAsync(workspaceId, cancellationToken));

    /// <summary>Reads and validates an import document without changing anything (the import preview).</summary>
    /// <exception cref="UserInputException">The file is not a rule set document.</exception>
    /// <exception cref="RuleCompilationException">The document's rules or compliance settings are invalid.</exception>
    public static RuleSetDocument ReadImport(string json)
    {
        // Refused whole, before anything is written: the rules and the compliance settings are saved apart.
        if (json.Contains('\0') || json.Contains("\\u0000", StringComparison.Ordinal))
        {
            throw new UserInputException("The document holds a NUL character (\\u0000); no rule or message can contain one.");
        }
        RuleSetDocument document;
        try
        {
            document = RuleSetSerializer.Deserialize(json);
        }
        catch (RuleSetFormatException ex)
        {
            throw new UserInputException(ex.Message);
        }
        var errors = RuleCompiler.Validate(document);
        if (errors.Count > 0)
        {
            throw new RuleCompilationException(errors);
        }
        return document;
    }

    /// <summary>The draft as an import/export document.</summary>
    public async Task<string> ExportAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return RuleSetSerializer.Serialize(await DraftReader.ReadAsync(db, workspaceId, logger, cancellationToken));
    }

    /// <summary>
    /// Replaces the draft's rules and compliance settings with a document's, or changes nothing if any of it is
    /// invalid. Once the workspace has published, the import is live only when the draft is published.
    /// </summary>
    public async Task ImportAsync(Guid workspaceId, string json, Actor actor, CancellationToken cancellationToken = default)
    {
        var document = ReadImport(json);

        await using var db = await EditorContextAsync(workspaceId, actor, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Rules.Where(r => r.WorkspaceId == workspaceId).ExecuteDeleteAsync(cancellationToken);
        var position = 0;
        foreach (var rule in document.Rules)
        {
            var record = new RuleRecord { WorkspaceId = workspaceId, Id = rule.Id, Name = rule.Name, Position = position++, DefinitionJson = "" };
            Apply(record, rule);
            db.Rules.Add(record);
        }
        db.AddAudit(workspaceId, actor, "rules.imported", "rules", time.GetUtcNow(), $"{document.Rules.Count} rule(s)");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await settings.SaveComplianceAsync(workspaceId, document.Compliance, cancellationToken);
        await DraftChangedAsync(db, workspaceId, cancellationToken);
    }

    public async Task SaveComplianceAsync(Guid workspaceId, ComplianceSettings compliance, Actor actor, CancellationToken cancellationToken = default)
    {
        await RequireEditorAsync(workspaceId, actor, cancellationToken);
        var errors = RuleCompiler.Validate(new RuleSetDocument { Compliance = compliance });
        if (errors.Count > 0)
        {
            throw new RuleCompilationException(errors);
        }
        await settings.SaveComplianceAsync(workspaceId, compliance, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AddAudit(workspaceId, actor, "rules.compliance.saved", "compliance", time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await DraftChangedAsync(db, workspaceId, cancellationToken);
    }

    /// <summary>What the rules would do with a message, without doing any of it (the portal's test console).</summary>
    public async Task<EvaluationResult> TestAsync(Guid workspaceId, RuleFact fact, CancellationToken cancellationToken = default)
    {
        var ruleSet = await cache.GetAsync(workspaceId, cancellationToken);
        return ruleSet.Evaluate(fact, new EvaluationOptions { Trace = true });
    }

    private async Task ValidateAsync(AppDbContext db, Guid workspaceId, List<RuleDefinition> definitions, CancellationToken cancellationToken)
    {
        var compliance = WorkspaceSettingsService.Compliance(await WorkspaceSettingsService.GetAsync(db, workspaceId, cancellationToken));
        await validation.ThrowIfInvalidAsync(workspaceId, new RuleSetDocument { Rules = definitions, Compliance = compliance }, cancellationToken);
    }

    /// <summary>A context for a change, once the actor's role has been checked in the database.</summary>
    private async Task<AppDbContext> EditorContextAsync(Guid workspaceId, Actor actor, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>The draft is what runs until a workspace first publishes; after that, a draft change waits for Publish.</summary>
    private async Task DraftChangedAsync(AppDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        if (!await db.RuleSetVersions.AnyAsync(v => v.WorkspaceId == workspaceId, cancellationToken))
        {
            cache.Invalidate(workspaceId);
        }
    }

    private void Apply(RuleRecord record, RuleDefinition rule)
    {
        record.Name = rule.Name;
        record.Enabled = rule.Enabled;
        record.Priority = rule.Priority;
        record.DefinitionJson = RuleSetSerializer.SerializeRule(rule);
        record.UpdatedAt = time.GetUtcNow();
    }
}
