using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Messages;
using SmsPortal.Rules.Engine;

namespace SmsPortal.RuleSets.DryRun;

/// <summary>A stored, processed message with what the rules need of its contact.</summary>
internal sealed record StoredMessage(string Id, string Text, string EndpointId, DateTimeOffset ReceivedAt, DryRunContact Contact, bool IsFirst);

internal sealed record DryRunContact(Guid Id, string Number, string? Name, bool IsOptedOut, IReadOnlyCollection<string> Tags)
{
    public ContactFact Fact(bool isNew) => new() { Number = Number, Name = Name, IsNew = isNew, IsOptedOut = IsOptedOut, Tags = Tags };
}

internal static class DryRunMessages
{
    /// <summary>The scope's messages, oldest first, each with its contact (read once per contact).</summary>
    public static async Task<List<StoredMessage>> LoadAsync(IDbContextFactory<AppDbContext> dbFactory, Guid workspaceId, DryRunScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.InboundMessages.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId && m.Status == ProcessingStatus.Processed && !m.IsTest && m.ContactId != null);
        query = scope.From is { } from ? query.Where(m => m.ReceivedAt >= from) : query;
        query = scope.To is { } to ? query.Where(m => m.ReceivedAt < to) : query;
        query = scope.ContactId is { } contact ? query.Where(m => m.ContactId == contact) : query;
        if (!string.IsNullOrWhiteSpace(scope.Tag))
        {
            var tag = scope.Tag.Trim();
            query = query.Where(m => db.ContactTags.Any(t => t.ContactId == m.ContactId && t.Tag == tag));
        }
        var rows = await query.OrderByDescending(m => m.Id).Take(Math.Clamp(scope.Last, 1, DryRunScope.MaxMessages))
            .Select(m => new { m.Id, m.Text, m.EndpointId, m.ReceivedAt, ContactId = m.ContactId!.Value })
            .ToListAsync(cancellationToken);
        rows.Reverse();

        var contactIds = rows.Select(r => r.ContactId).Distinct().ToList();
        var contacts = new Dictionary<Guid, DryRunContact>();
        var firsts = new Dictionary<Guid, string>();
        foreach (var chunk in contactIds.Chunk(500))
        {
            foreach (var c in await db.Contacts.AsNoTracking().Include(c => c.Tags).Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken))
            {
                contacts[c.Id] = new DryRunContact(c.Id, c.Number, c.Name, c.IsOptedOut, c.Tags.Select(t => t.Tag).ToList());
            }
            var first = await db.InboundMessages.AsNoTracking().Where(m => m.ContactId != null && chunk.Contains(m.ContactId.Value))
                .GroupBy(m => m.ContactId!.Value).Select(g => new { g.Key, First = g.Min(m => m.Id) }).ToListAsync(cancellationToken);
            foreach (var f in first)
            {
                firsts[f.Key] = f.First ?? "";
            }
        }
        return rows.Where(r => contacts.ContainsKey(r.ContactId))
            .Select(r => new StoredMessage(r.Id, r.Text, r.EndpointId, r.ReceivedAt, contacts[r.ContactId], firsts.GetValueOrDefault(r.ContactId) == r.Id))
            .ToList();
    }
}
