using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Contacts;
using SmsPortal.Data;

namespace SmsPortal.Inbox;

/// <summary>One exported item of a thread: a message either way or an internal note, times in UTC (ISO 8601).</summary>
public sealed record ExportedItem(string Id, string Kind, DateTimeOffset At, string? From, string? To, string Text, string? Status, string? By);

/// <summary>A whole conversation as CSV or JSON, for the people allowed to see it (<see cref="ConversationVisibility"/>).</summary>
public sealed class ConversationExport(IDbContextFactory<AppDbContext> dbFactory)
{
    private const int MaxItems = 100_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The contact and every item, oldest first; null when the actor may not see it (or it does not exist).</summary>
    public async Task<(ContactSummaryExport Contact, List<ExportedItem> Items)?> ReadAsync(Guid workspaceId, Actor actor, Guid contactId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var viewer = await ConversationVisibility.ViewerAsync(db, workspaceId, actor, cancellationToken);
        var contact = await ConversationVisibility.Apply(db.Contacts.AsNoTracking(), viewer).Where(c => c.Id == contactId)
            .Select(c => new ContactSummaryExport(c.Number, c.Name, c.Status.ToString(), c.AssigneeId)).SingleOrDefaultAsync(cancellationToken);
        if (contact is null)
        {
            return null;
        }
        var inbound = await db.InboundMessages.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && m.ContactId == contactId).OrderBy(m => m.Id).Take(MaxItems)
            .Select(m => new ExportedItem(m.Id, "inbound", m.StoredAt, m.From, m.To, m.Text, null, null)).ToListAsync(cancellationToken);
        var outbound = await db.OutboundMessages.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && m.ContactId == contactId).OrderBy(m => m.CreatedAt).Take(MaxItems)
            .Select(m => new ExportedItem(m.Id, "outbound", m.CreatedAt, null, m.To, m.Text, m.Status.ToString(), m.SentBy)).ToListAsync(cancellationToken);
        var notes = await db.ConversationNotes.AsNoTracking().Where(n => n.WorkspaceId == workspaceId && n.ContactId == contactId).OrderBy(n => n.CreatedAt).Take(MaxItems)
            .Select(n => new ExportedItem(n.Id, "note", n.CreatedAt, null, null, n.Text, null, n.AuthorName)).ToListAsync(cancellationToken);
        var items = inbound.Concat(outbound).Concat(notes).OrderBy(i => i.At).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        return (contact, items);
    }

    public static async Task WriteCsvAsync(List<ExportedItem> items, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteAsync("at,kind,from,to,text,status,by,id\r\n");
        var line = new StringBuilder();
        foreach (var item in items)
        {
            line.Clear();
            line.Append(item.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',').Append(item.Kind).Append(',');
            Csv.AppendCell(line, item.From, isPhoneNumber: true).Append(',');
            Csv.AppendCell(line, item.To, isPhoneNumber: true).Append(',');
            Csv.AppendCell(line, item.Text).Append(',');
            Csv.AppendCell(line, item.Status).Append(',');
            Csv.AppendCell(line, item.By).Append(',');
            Csv.AppendCell(line, item.Id).Append("\r\n");
            await writer.WriteAsync(line, cancellationToken);
        }
    }

    public static Task WriteJsonAsync(ContactSummaryExport contact, List<ExportedItem> items, Stream output, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(output, new { contact, items }, Json, cancellationToken);
}

public sealed record ContactSummaryExport(string Number, string? Name, string Status, string? AssigneeId);
