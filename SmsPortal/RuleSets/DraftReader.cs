using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Rules.Model;
using SmsPortal.Settings;

namespace SmsPortal.RuleSets;

/// <summary>The draft: the rules as they are edited (the Rules table) and the compliance settings, as one document.</summary>
internal static class DraftReader
{
    public static async Task<RuleSetDocument> ReadAsync(AppDbContext db, Guid workspaceId, ILogger logger, CancellationToken cancellationToken)
    {
        var records = await db.Rules.AsNoTracking().Where(r => r.WorkspaceId == workspaceId).OrderBy(r => r.Position).ToListAsync(cancellationToken);
        var compliance = WorkspaceSettingsService.Compliance(await WorkspaceSettingsService.GetAsync(db, workspaceId, cancellationToken));
        var rules = new List<RuleDefinition>(records.Count);
        foreach (var record in records)
        {
            try
            {
                rules.Add(RuleSetSerializer.DeserializeRule(record.DefinitionJson));
            }
            catch (RuleSetFormatException ex)
            {
                logger.LogError(ex, "Rule {RuleId} of workspace {WorkspaceId} cannot be read and is left out", record.Id, workspaceId);
            }
        }
        return new RuleSetDocument { Rules = rules, Compliance = compliance };
    }
}
