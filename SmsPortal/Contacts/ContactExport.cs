using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Data;

namespace SmsPortal.Contacts;

/// <summary>A workspace's contacts as CSV by number, written in batches (keyset on the unique number) so a large list never sits in memory whole.</summary>
public sealed class ContactExport(IDbContextFactory<AppDbContext> dbFactory)
{
    private const int BatchSize = 500;

    public async Task WriteCsvAsync(Guid workspaceId, Actor actor, ContactQuery filter, Stream output, CancellationToken cancellationToken = default)
    {
        ConversationViewer viewer;
        await using (var check = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            viewer = await ConversationVisibility.ViewerAsync(check, workspaceId, actor, cancellationToken);
        }
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteAsync("number,name,tags,opted_out,created_at,last_message_at\r\n");

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        string? after = null;
        while (true)
        {
            var contacts = ContactFilter.Apply(db, viewer, filter);
            if (after is not null)
            {
                contacts = contacts.Where(c => c.Number.CompareTo(after) > 0);
            }
            var batch = await contacts.OrderBy(c => c.Number).Take(BatchSize)
                .Select(c => new { c.Id, c.Number, c.Name, c.IsOptedOut, c.CreatedAt, c.LastMessageAt, c.InboundCount, c.LastMessagePreview })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            var tags = await ContactService.TagsOfAsync(db, batch.Select(c => c.Id).ToList(), cancellationToken);
            var line = new StringBuilder();
            foreach (var c in batch)
            {
                line.Clear();
                Csv.AppendCell(line, c.Number, isPhoneNumber: true).Append(',');
                Csv.AppendCell(line, c.Name).Append(',');
                Csv.AppendCell(line, string.Join(';', tags.GetValueOrDefault(c.Id, []))).Append(',');
                line.Append(c.IsOptedOut ? "true" : "false").Append(',');
                line.Append(c.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',');
                if (c.InboundCount > 0 || c.LastMessagePreview is not null)
                {
                    line.Append(c.LastMessageAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                }
                line.Append("\r\n");
                await writer.WriteAsync(line, cancellationToken);
            }
            await writer.FlushAsync(cancellationToken);
            after = batch[^1].Number;
        }
    }
}

/// <summary>RFC 4180 cells that a spreadsheet opens as text, never as a formula.</summary>
public static class Csv
{
    public static StringBuilder AppendCell(StringBuilder line, string? value, bool isPhoneNumber = false)
    {
        value ??= "";
        // A cell starting like a formula is prefixed with a quote so a spreadsheet shows it as text. A plain
        // +digits phone number cannot carry a formula and is kept as is, so the export re-imports unchanged.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !(isPhoneNumber && IsPlainNumber(value)))
        {
            value = "'" + value;
        }
        if (value.AsSpan().IndexOfAny("\",\r\n") >= 0)
        {
            return line.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
        }
        return line.Append(value);
    }

    private static bool IsPlainNumber(string value) => value.Length > 1 && value[0] == '+' && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
}
