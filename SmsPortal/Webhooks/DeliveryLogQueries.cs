using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.Data;

namespace SmsPortal.Webhooks;

/// <summary>What to show of the delivery log; every part is optional.</summary>
public sealed record DeliveryLogFilter(
    string? EndpointId = null,
    DeliveryOutcome? Outcome = null,
    int? MinStatusCode = null,
    int? MaxStatusCode = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Search = null);

public sealed record DeliveryLogRow(
    long Id, DateTimeOffset At, string EndpointId, string? EndpointName, DeliveryOutcome Outcome, int StatusCode,
    double LatencyMs, int BodySize, string? MessageId, string? Detail);

public sealed record DeliveryLogDetail(
    long Id, DateTimeOffset At, string EndpointId, string? EndpointName, DeliveryOutcome Outcome, int StatusCode,
    double LatencyMs, int BodySize, string? RemoteAddress, string? MessageId, string? ExternalId, Guid? ContactId,
    bool IsTest, string? Detail, string? Headers, string? Body, Messages.ProcessingStatus? Processing = null, string? ProcessingError = null);

/// <summary>The read side of the delivery log, for the portal: newest first, always within one workspace.</summary>
public sealed class DeliveryLogQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxPageSize = 200;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<PageOf<DeliveryLogRow>> ListAsync(
        Guid workspaceId, DeliveryLogFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(page, 0);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Filter(db, workspaceId, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(d => d.At).ThenByDescending(d => d.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(d => new DeliveryLogRow(
                d.Id, d.At, d.EndpointId,
                db.Endpoints.Where(e => e.Id == d.EndpointId).Select(e => e.Name).FirstOrDefault(),
                d.Outcome, d.StatusCode, d.LatencyMs, d.BodySize, d.MessageId, d.Detail))
            .ToListAsync(cancellationToken);
        return new PageOf<DeliveryLogRow>(rows, total);
    }

    public async Task<DeliveryLogDetail?> FindAsync(Guid workspaceId, long id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.DeliveryLog.AsNoTracking().SingleOrDefaultAsync(d => d.WorkspaceId == workspaceId && d.Id == id, cancellationToken);
        if (entry is null)
        {
            return null;
        }
        var endpointName = await db.Endpoints.Where(e => e.WorkspaceId == workspaceId && e.Id == entry.EndpointId)
            .Select(e => e.Name).FirstOrDefaultAsync(cancellationToken);
        var message = entry.MessageId is null
            ? null
            : await db.InboundMessages.AsNoTracking()
                .Where(m => m.WorkspaceId == workspaceId && m.Id == entry.MessageId)
                .Select(m => new { m.ExternalId, m.ContactId, m.IsTest, m.Status, m.LastError })
                .SingleOrDefaultAsync(cancellationToken);
        return new DeliveryLogDetail(
            entry.Id, entry.At, entry.EndpointId, endpointName, entry.Outcome, entry.StatusCode, entry.LatencyMs, entry.BodySize,
            entry.RemoteAddress, entry.MessageId, entry.ExternalId ?? message?.ExternalId, message?.ContactId, message?.IsTest ?? false,
            entry.Detail, Pretty(entry.Headers), entry.Body, message?.Status, message?.LastError);
    }

    private static IQueryable<DeliveryLogEntry> Filter(AppDbContext db, Guid workspaceId, DeliveryLogFilter filter)
    {
        var query = db.DeliveryLog.AsNoTracking().Where(d => d.WorkspaceId == workspaceId);
        if (!string.IsNullOrWhiteSpace(filter.EndpointId))
        {
            query = query.Where(d => d.EndpointId == filter.EndpointId);
        }
        if (filter.Outcome is { } outcome)
        {
            query = query.Where(d => d.Outcome == outcome);
        }
        if (filter.MinStatusCode is { } min)
        {
            query = query.Where(d => d.StatusCode >= min);
        }
        if (filter.MaxStatusCode is { } max)
        {
            query = query.Where(d => d.StatusCode <= max);
        }
        if (filter.From is { } from)
        {
            query = query.Where(d => d.At >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(d => d.At < to);
        }
        // No id holds a NUL (PostgreSQL refuses one even as a query parameter): the search ignores it.
        if (filter.Search?.Replace("\0", "").Trim() is { Length: > 0 } search)
        {
            // The gateway's id is on the stored message; the log row links to it by the portal's message id.
            query = query.Where(d =>
                (d.MessageId != null && d.MessageId.Contains(search))
                || (d.ExternalId != null && d.ExternalId.Contains(search))
                || db.InboundMessages.Any(m => m.WorkspaceId == workspaceId && m.Id == d.MessageId && m.ExternalId.Contains(search)));
        }
        return query;
    }

    /// <summary>Indents JSON for reading; anything else is shown as it was stored.</summary>
    private static string? Pretty(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.TrimStart() is not ['{' or '[', ..])
        {
            return text;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
