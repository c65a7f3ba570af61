using Microsoft.EntityFrameworkCore;
using SmsPortal.Messages;
using SmsPortal.Common;
using SmsPortal.Contacts;
using SmsPortal.Data;
using SmsPortal.Outbound;
using SmsPortal.Tickets;
using SmsPortal.Webhooks;

namespace SmsPortal.Demo;

/// <summary>
/// Fills a workspace with realistic sample conversations (spread over the last 30 days), for trying the portal
/// and for measuring it at size: <c>demo seed --email E --contacts 10000 --messages 100000</c>.
/// </summary>
public sealed class DemoData(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    private static readonly string[] Names = ["Ana", "Ben", "Chloé", "Dmitri", "Eve", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kofi", "Lena", "Marta", "Nia", "Oren", "Pia"];
    private static readonly string[] Texts =
    [
        "Hi, what are your opening hours?", "price?", "Can I book a table for 2 tonight?", "Thanks!", "STOP",
        "Is my order ready?", "help", "Where are you located?", "Can you call me back?", "👍", "See you tomorrow",
    ];

    public async Task<(int Contacts, int Messages)> SeedAsync(Guid workspaceId, int contacts, int messages, CancellationToken cancellationToken = default)
    {
        if (contacts is < 1 or > 1_000_000 || messages is < 0 or > 10_000_000)
        {
            throw new UserInputException("Use 1 to 1,000,000 contacts and 0 to 10,000,000 messages.");
        }
        var random = new Random(42);
        var now = time.GetUtcNow();
        var endpointId = "ep_demo" + Guid.NewGuid().ToString("N")[..16];
        var people = new List<Contact>(contacts);

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < contacts; i++)
            {
                var contact = new Contact
                {
                    WorkspaceId = workspaceId,
                    Number = $"+1555{random.Next(0, 10_000_000):D7}{i % 10}",
                    Name = random.Next(3) == 0 ? null : $"{Names[random.Next(Names.Length)]} {(char)('A' + random.Next(26))}.",
                    CreatedAt = now.AddDays(-30),
                    LastMessageAt = now.AddDays(-30),
                    IsOptedOut = random.Next(40) == 0,
                };
                if (random.Next(5) == 0)
                {
                    contact.Tags.Add(new ContactTag { ContactId = contact.Id, WorkspaceId = workspaceId, Tag = random.Next(2) == 0 ? "vip" : "support" });
                }
                people.Add(contact);
            }
            // Numbers must be unique per workspace.
            people = people.DistinctBy(c => c.Number).ToList();
            db.Contacts.AddRange(people);
            await db.SaveChangesAsync(cancellationToken);
        }

        var written = 0;
        while (written < messages)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = Math.Min(5_000, messages - written);
            for (var i = 0; i < batch; i++, written++)
            {
                var contact = people[written % people.Count];
                var at = now.AddMinutes(-random.Next(0, 30 * 24 * 60));
                // A reference number in some, so a search can look for something rare as well as something common.
                var text = Texts[random.Next(Texts.Length)] + (random.Next(4) == 0 ? $" (order {random.Next(1_000_000)})" : "");
                if (random.Next(3) == 0)
                {
                    db.OutboundMessages.Add(new OutboundMessage
                    {
                        Id = OpaqueId.NewTimeOrdered("out_", time),
                        WorkspaceId = workspaceId,
                        ContactId = contact.Id,
                        To = contact.Number,
                        Text = "Thanks for your message, we'll be right with you.",
                        Origin = OutboundOrigin.AutoReply,
                        Status = random.Next(10) == 0 ? OutboundStatus.Failed : OutboundStatus.Delivered,
                        CreatedAt = at,
                        UpdatedAt = at,
                        SentAt = at,
                    });
                }
                else
                {
                    db.InboundMessages.Add(new InboundMessage
                    {
                        Id = OpaqueId.NewMessageId(time),
                        WorkspaceId = workspaceId,
                        EndpointId = endpointId,
                        ExternalId = $"demo-{Guid.NewGuid():N}",
                        From = contact.Number,
                        Text = text,
                        ReceivedAt = at,
                        StoredAt = at,
                        ContactId = contact.Id,
                        RawPayload = "{}",
                        Status = ProcessingStatus.Processed,
                        ProcessedAt = at,
                    });
                }
            }
            await db.SaveChangesAsync(cancellationToken);
        }

        // Conversation heads follow the newest message of each contact.
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var tracked = await db.Contacts.Where(c => c.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
            foreach (var contact in tracked)
            {
                contact.LastMessageAt = now.AddMinutes(-random.Next(0, 30 * 24 * 60));
                contact.LastMessagePreview = Texts[random.Next(Texts.Length)];
                contact.InboundCount = Math.Max(1, messages / Math.Max(1, people.Count));
                contact.UnreadCount = random.Next(4) == 0 ? random.Next(1, 4) : 0;
                if (random.Next(20) == 0)
                {
                    db.Tickets.Add(new Ticket { WorkspaceId = workspaceId, ContactId = contact.Id, Subject = "Follow up", CreatedAt = now, UpdatedAt = now, MessageCount = 1 });
                }
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        return (people.Count, messages);
    }

    /// <summary>
    /// Stores <paramref name="count"/> messages as pending, as if they had just been received, each from its own
    /// sender and starting with one of the keywords <c>kw0</c>…<c>kw99</c>: the backlog for measuring how fast the
    /// worker drains (<c>bench/processing.sh</c>).
    /// </summary>
    public async Task<int> SeedPendingAsync(Guid workspaceId, int count, CancellationToken cancellationToken = default)
    {
        if (count is < 1 or > 1_000_000)
        {
            throw new UserInputException("Use 1 to 1,000,000 messages.");
        }
        var now = time.GetUtcNow();
        // One transaction, so that a running app sees the whole backlog at once (the benchmark drains a warm app).
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            for (var written = 0; written < count;)
            {
                var batch = Math.Min(5_000, count - written);
                for (var i = 0; i < batch; i++, written++)
                {
                    db.InboundMessages.Add(new InboundMessage
                    {
                        Id = OpaqueId.NewMessageId(time),
                        WorkspaceId = workspaceId,
                        EndpointId = "ep_backlog",
                        ExternalId = $"backlog-{Guid.NewGuid():N}",
                        From = $"+1557{written:D7}",
                        Text = $"kw{written % 100} hello",
                        ReceivedAt = now,
                        StoredAt = now,
                        RawPayload = "{}",
                    });
                }
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
            await transaction.CommitAsync(cancellationToken);
        });
        return count;
    }
}
