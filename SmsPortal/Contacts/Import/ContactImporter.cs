using System.Text;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Live;
using SmsPortal.Settings;
using SmsPortal.Team;

namespace SmsPortal.Contacts.Import;

/// <summary>A row left out and why, with its cells as uploaded (line 2 is the first row after the header).</summary>
public sealed record RefusedRow(int Line, IReadOnlyList<string> Cells, string Reason);

/// <summary>What an import did. <see cref="RefusedCsv"/> is the refused rows as CSV, with a reason column.</summary>
public sealed record ImportReport(int Created, int Updated, int Merged, IReadOnlyList<RefusedRow> Refused, string RefusedCsv);

/// <summary>The first rows as the mapping reads them, before anything is saved.</summary>
public sealed record ImportPreview(IReadOnlyList<string> Header, ImportMapping Mapping, IReadOnlyList<PreviewRow> Rows, int RowCount);

public sealed record PreviewRow(int Line, string Number, string? E164, string? Name, bool? OptedOut, string? Problem);

/// <summary>
/// Contacts from a CSV file: every number to E.164 with the workspace's region, one contact per number (rows with
/// the same number merge, an existing contact is updated, never duplicated), an optional consent column, and a
/// report of the rows refused and why. Owners and Admins import.
/// </summary>
public sealed class ContactImporter(IDbContextFactory<AppDbContext> dbFactory, LiveUpdates live, TimeProvider time)
{
    public const int PreviewRows = 5;

    public async Task<ImportPreview> PreviewAsync(Guid workspaceId, CsvTable table, ImportMapping? mapping = null, CancellationToken cancellationToken = default)
    {
        mapping ??= ImportMapping.Guess(table.Header);
        var region = await RegionAsync(workspaceId, cancellationToken);
        var rows = table.Rows.Take(PreviewRows).Select((row, i) =>
        {
            var parsed = Parse(row, mapping, region);
            return new PreviewRow(i + 2, Cell(row, mapping.NumberColumn), parsed.Number, parsed.Name, parsed.OptedOut, parsed.Problem);
        }).ToList();
        return new ImportPreview(table.Header, mapping, rows, table.Rows.Count);
    }

    public async Task<ImportReport> ImportAsync(Guid workspaceId, Actor actor, CsvTable table, ImportMapping mapping, CancellationToken cancellationToken = default)
    {
        if (mapping.NumberColumn < 0 || mapping.NumberColumn >= table.Header.Count)
        {
            throw new UserInputException("Choose the column that holds the phone numbers.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        var region = (await WorkspaceSettingsService.GetAsync(db, workspaceId, cancellationToken)).DefaultRegion;
        var (byNumber, refused, merged) = Collect(table, mapping, region);

        var numbers = byNumber.Keys.ToList();
        var existing = new Dictionary<string, Contact>();
        foreach (var chunk in numbers.Chunk(500))
        {
            foreach (var contact in await db.Contacts.Where(c => c.WorkspaceId == workspaceId && chunk.Contains(c.Number)).ToListAsync(cancellationToken))
            {
                existing[contact.Number] = contact;
            }
        }
        var now = time.GetUtcNow();
        var (created, updated) = (0, 0);
        foreach (var (number, row) in byNumber)
        {
            if (existing.TryGetValue(number, out var contact))
            {
                updated += Apply(db, workspaceId, actor, contact, row, now) ? 1 : 0;
                continue;
            }
            contact = new Contact { WorkspaceId = workspaceId, Number = number, CreatedAt = now, LastMessageAt = DateTimeOffset.MinValue, Status = ConversationStatus.Closed };
            Apply(db, workspaceId, actor, contact, row, now);
            db.Contacts.Add(contact);
            created++;
        }
        db.AddAudit(workspaceId, actor, "contacts.imported", $"{table.Rows.Count} rows", now, $"created {created}, updated {updated}, merged {merged}, refused {refused.Count}");
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(new LiveUpdate(LiveUpdateKind.ContactChanged, workspaceId));
        return new ImportReport(created, updated, merged, refused, RefusedCsv(table.Header, refused));
    }

    private sealed record ParsedRow(string? Number, string? Name, bool? OptedOut, string? Problem);

    private static (Dictionary<string, ParsedRow> ByNumber, List<RefusedRow> Refused, int Merged) Collect(CsvTable table, ImportMapping mapping, string region)
    {
        var byNumber = new Dictionary<string, ParsedRow>(StringComparer.Ordinal);
        var refused = new List<RefusedRow>();
        var merged = 0;
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = Parse(table.Rows[i], mapping, region);
            if (row.Problem is { } problem)
            {
                refused.Add(new RefusedRow(i + 2, table.Rows[i], problem));
                continue;
            }
            if (byNumber.TryGetValue(row.Number!, out var earlier))
            {
                // The same number twice: one contact, later values fill in or override earlier ones.
                byNumber[row.Number!] = new ParsedRow(row.Number, row.Name ?? earlier.Name, row.OptedOut ?? earlier.OptedOut, null);
                merged++;
                continue;
            }
            byNumber[row.Number!] = row;
        }
        return (byNumber, refused, merged);
    }

    private static ParsedRow Parse(string[] row, ImportMapping mapping, string region)
    {
        var raw = Cell(row, mapping.NumberColumn);
        var name = mapping.NameColumn is { } n && Cell(row, n) is { Length: > 0 } text ? text : null;
        bool? optedOut = null;
        var understood = true;
        if (mapping.ConsentColumn is { } c)
        {
            optedOut = mapping.OptedOut(Cell(row, c), out understood);
        }
        var number = raw.Length == 0 ? "" : E164.Normalize(raw, region);
        string? problem = raw.Length == 0 ? "No phone number."
            : !number.StartsWith('+') ? $"'{raw}' is not a phone number (region {region})."
            : name?.Length > ContactService.MaxNameLength ? $"The name is longer than {ContactService.MaxNameLength} characters."
            : !understood ? $"The consent value '{Cell(row, mapping.ConsentColumn!.Value)}' is not yes/no, true/false, 1/0, opted in/out or subscribed/unsubscribed."
            : null;
        return new ParsedRow(problem is null ? number : null, name, optedOut, problem);
    }

    /// <summary>Fills in what the row says; a blank cell never erases what is known. True when something changed.</summary>
    private static bool Apply(AppDbContext db, Guid workspaceId, Actor actor, Contact contact, ParsedRow row, DateTimeOffset now)
    {
        var changed = false;
        if (row.Name is { } name && contact.Name != name)
        {
            contact.Name = name;
            changed = true;
        }
        if (row.OptedOut is { } optedOut && contact.IsOptedOut != optedOut)
        {
            contact.IsOptedOut = optedOut;
            contact.OptedOutAt = optedOut ? now : null;
            db.AddAudit(workspaceId, actor, optedOut ? "contact.opted_out" : "contact.opted_in", contact.Number, now, "imported");
            changed = true;
        }
        return changed;
    }

    private static string RefusedCsv(IReadOnlyList<string> header, List<RefusedRow> refused)
    {
        var csv = new StringBuilder();
        AppendLine(csv, ["line", .. header, "reason"]);
        foreach (var row in refused)
        {
            AppendLine(csv, [row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), .. row.Cells, row.Reason]);
        }
        return csv.ToString();
    }

    private static void AppendLine(StringBuilder csv, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            Csv.AppendCell(i == 0 ? csv : csv.Append(','), cells[i]);
        }
        csv.Append("\r\n");
    }

    private static string Cell(string[] row, int index) => index >= 0 && index < row.Length ? row[index].Trim() : "";

    private async Task<string> RegionAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await WorkspaceSettingsService.GetAsync(db, workspaceId, cancellationToken)).DefaultRegion;
    }
}
