using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Messages;
using SmsPortal.Rules.Engine;
using SmsPortal.Team;

namespace SmsPortal.RuleSets.Replay;

/// <summary>What the live rules do with one stored message now.</summary>
public sealed record ReplayPreview(string MessageId, string Text, int? Version, EvaluationResult Result);

/// <summary>
/// Runs the live rules again on stored messages: to show what they would do now, or to really act. Acting stores a
/// copy of each message (its gateway id marked <c>replay:…</c>) that processing takes like any received message, so
/// the effects are new, keyed and logged as always, and the original's log stays as it was. Every replay is audited.
/// </summary>
public sealed class ReplayService(IDbContextFactory<AppDbContext> dbFactory, RuleSetCache cache, InboundWorkSignal signal, TimeProvider time)
{
    public const int MaxMessages = 500;

    public async Task<IReadOnlyList<ReplayPreview>> PreviewAsync(Guid workspaceId, Actor actor, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var messages = await LoadAsync(db, workspaceId, actor, messageIds, cancellationToken);
        var live = await cache.GetEntryAsync(workspaceId, cancellationToken);
        var contacts = await db.Contacts.AsNoTracking().Include(c => c.Tags)
            .Where(c => c.WorkspaceId == workspaceId && messages.Select(m => m.ContactId).Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var previews = messages.Select(m =>
        {
            var contact = m.ContactId is { } id && contacts.TryGetValue(id, out var c) ? c : null;
            var fact = new RuleFact(new MessageFact(m.Text, m.EndpointId, m.ReceivedAt), new ContactFact
            {
                Number = contact?.Number ?? m.From,
                Name = contact?.Name,
                IsOptedOut = contact?.IsOptedOut ?? false,
                Tags = contact?.Tags.Select(t => t.Tag).ToList() ?? [],
            });
            return new ReplayPreview(m.Id, m.Text, live.Version, live.RuleSet.Evaluate(fact, new EvaluationOptions { Trace = true }));
        }).ToList();
        Audit(db, workspaceId, actor, "rules.replay.previewed", messages);
        await db.SaveChangesAsync(cancellationToken);
        return previews;
    }

    /// <summary>Really acts: each message goes through processing again, with the live rules. Returns the copies' ids.</summary>
    public async Task<IReadOnlyList<string>> ActAsync(Guid workspaceId, Actor actor, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var messages = await LoadAsync(db, workspaceId, actor, messageIds, cancellationToken, WorkspaceRole.Admin);
        var now = time.GetUtcNow();
        var copies = messages.Select(m => new InboundMessage
        {
            Id = OpaqueId.NewMessageId(time),
            WorkspaceId = workspaceId,
            EndpointId = m.EndpointId,
            ExternalId = $"replay:{m.Id}:{Guid.NewGuid():N}",
            From = m.From,
            To = m.To,
            Text = m.Text,
            ReceivedAt = m.ReceivedAt,
            StoredAt = now,
            RawPayload = m.RawPayload,
            IsTest = m.IsTest,
        }).ToList();
        db.InboundMessages.AddRange(copies);
        Audit(db, workspaceId, actor, "rules.replay.acted", messages);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return copies.Select(c => c.Id).ToList();
    }

    /// <summary>Re-processes the message a delivery in the delivery log stored.</summary>
    /// <exception cref="UserInputException">The delivery stored no message (it was refused, say).</exception>
    public async Task<string> ReprocessDeliveryAsync(Guid workspaceId, Actor actor, long deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var messageId = await db.DeliveryLog.Where(d => d.WorkspaceId == workspaceId && d.Id == deliveryId).Select(d => d.MessageId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new UserInputException($"Delivery {deliveryId} was not found or stored no message.");
        return (await ActAsync(workspaceId, actor, [messageId], cancellationToken)).Single();
    }

    private static async Task<List<InboundMessage>> LoadAsync(AppDbContext db, Guid workspaceId, Actor actor, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken, WorkspaceRole role = WorkspaceRole.Agent)
    {
        await MemberRoles.RequireAsync(db, workspaceId, actor, role, cancellationToken);
        if (ids.Count is 0 or > MaxMessages)
        {
            throw new UserInputException($"Choose 1 to {MaxMessages} messages to replay.");
        }
        var messages = await db.InboundMessages.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        if (messages.Count != ids.Distinct().Count())
        {
            throw new UserInputException("Some of the messages were not found.");
        }
        return messages;
    }

    private void Audit(AppDbContext db, Guid workspaceId, Actor actor, string action, List<InboundMessage> messages) =>
        db.AddAudit(workspaceId, actor, action, messages.Count == 1 ? messages[0].Id : $"{messages.Count} messages", time.GetUtcNow(),
            string.Join(", ", messages.Take(20).Select(m => m.Id)));
}
