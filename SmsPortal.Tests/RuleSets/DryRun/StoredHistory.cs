using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Messages;
using SmsPortal.Tests.Infrastructure;

namespace SmsPortal.Tests.RuleSets.DryRun;

/// <summary>Processed messages stored straight in the database, as processing leaves them, for dry runs and replays.</summary>
internal static class StoredHistory
{
    public static async Task<List<Contact>> SeedAsync(TestApp app, TestEndpoint endpoint, IReadOnlyList<string> texts, int contacts, Func<int, string?>? tagOf = null)
    {
        await using var db = app.CreateDbContext();
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        var people = Enumerable.Range(0, contacts).Select(i => new Contact
        {
            WorkspaceId = endpoint.WorkspaceId,
            Number = $"+1555{i:D7}",
            Name = $"Contact {i}",
            CreatedAt = start,
            LastMessageAt = start,
        }).ToList();
        foreach (var (contact, i) in people.Select((c, i) => (c, i)))
        {
            if (tagOf?.Invoke(i) is { } tag)
            {
                contact.Tags.Add(new ContactTag { ContactId = contact.Id, WorkspaceId = endpoint.WorkspaceId, Tag = tag });
            }
        }
        db.Contacts.AddRange(people);
        for (var i = 0; i < texts.Count; i++)
        {
            var contact = people[i % contacts];
            var at = start.AddMinutes(i);
            db.InboundMessages.Add(new InboundMessage
            {
                Id = $"msg_{i:D8}{Guid.NewGuid():N}"[..30],
                WorkspaceId = endpoint.WorkspaceId,
                EndpointId = endpoint.Id,
                ExternalId = $"history-{i}",
                From = contact.Number,
                Text = texts[i],
                ReceivedAt = at,
                StoredAt = at,
                RawPayload = "{}",
                ContactId = contact.Id,
                Status = ProcessingStatus.Processed,
                ProcessedAt = at,
            });
            contact.InboundCount++;
        }
        await db.SaveChangesAsync();
        return people;
    }
}
