using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmsPortal.ApiKeys;
using SmsPortal.Contacts;
using SmsPortal.Data;
using SmsPortal.Messages;
using SmsPortal.Outbound;

namespace SmsPortal.Api;

/// <summary>Messages of one workspace, inbound and outbound merged newest first, as the API pages them and the key's viewer may see them.</summary>
public sealed class ApiMessages(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <param name="direction"><c>inbound</c>, <c>outbound</c> or null for both.</param>
    public async Task<ApiPage<ApiMessage>> ListAsync(
        ApiKeyIdentity key, string? direction, Guid? contactId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var take = ApiCursor.Limit(limit);
        var (before, beforeId) = cursor is null ? (DateTimeOffset.MaxValue, "") : Parse(ApiCursor.Decode(cursor, 2));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (workspaceId, visible) = await VisibleAsync(db, key, cancellationToken);
        var rows = new List<ApiMessage>();
        if (direction is null or "inbound")
        {
            var inbound = db.InboundMessages.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && !m.IsTest);
            if (visible is not null)
            {
                inbound = inbound.Where(m => m.ContactId != null && visible.Contains(m.ContactId.Value));
            }
            if (contactId is { } id)
            {
                inbound = inbound.Where(m => m.ContactId == id);
            }
            if (cursor is not null)
            {
                inbound = inbound.Where(m => m.StoredAt < before || (m.StoredAt == before && string.Compare(m.Id, beforeId) < 0));
            }
            rows.AddRange((await inbound.OrderByDescending(m => m.StoredAt).ThenByDescending(m => m.Id).Take(take + 1).ToListAsync(cancellationToken)).Select(Inbound));
        }
        if (direction is null or "outbound")
        {
            var outbound = db.OutboundMessages.AsNoTracking().Where(m => m.WorkspaceId == workspaceId);
            if (visible is not null)
            {
                outbound = outbound.Where(m => visible.Contains(m.ContactId));
            }
            if (contactId is { } id)
            {
                outbound = outbound.Where(m => m.ContactId == id);
            }
            if (cursor is not null)
            {
                outbound = outbound.Where(m => m.CreatedAt < before || (m.CreatedAt == before && string.Compare(m.Id, beforeId) < 0));
            }
            rows.AddRange((await outbound.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(take + 1).ToListAsync(cancellationToken)).Select(Outbound));
        }
        var merged = rows.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id, StringComparer.Ordinal).Take(take + 1).ToList();
        return ApiCursor.Page(merged, take, m => ApiCursor.Encode(m.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), m.Id));
    }

    public async Task<ApiMessage?> GetAsync(ApiKeyIdentity key, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (workspaceId, visible) = await VisibleAsync(db, key, cancellationToken);
        var outbounds = db.OutboundMessages.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && m.Id == id);
        if (await (visible is null ? outbounds : outbounds.Where(m => visible.Contains(m.ContactId))).SingleOrDefaultAsync(cancellationToken) is { } outbound)
        {
            return Outbound(outbound) with { History = History(outbound) };
        }
        var inbounds = db.InboundMessages.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && m.Id == id && !m.IsTest);
        var inbound = await (visible is null ? inbounds : inbounds.Where(m => m.ContactId != null && visible.Contains(m.ContactId.Value))).SingleOrDefaultAsync(cancellationToken);
        return inbound is null ? null : Inbound(inbound) with { History = History(inbound) };
    }

    /// <summary>The workspace, and the ids of the conversations the key's viewer may see when that is not all of them.</summary>
    private static async Task<(Guid WorkspaceId, IQueryable<Guid>? Visible)> VisibleAsync(AppDbContext db, ApiKeyIdentity key, CancellationToken cancellationToken)
    {
        var viewer = await key.ViewerAsync(db, cancellationToken);
        return (viewer.WorkspaceId, viewer.OwnAndUnassignedOnly ? ConversationVisibility.Apply(db.Contacts.AsNoTracking(), viewer).Select(c => c.Id) : null);
    }

    internal static ApiMessage Outbound(OutboundMessage m) =>
        new(m.Id, "outbound", m.ContactId, null, m.To, m.Text, m.Status.ToString().ToLowerInvariant(), m.CreatedAt, m.FailureReason);

    private static ApiMessage Inbound(InboundMessage m) =>
        new(m.Id, "inbound", m.ContactId, m.From, m.To, m.Text, m.Status switch
        {
            ProcessingStatus.Processed => "processed",
            ProcessingStatus.Failed => "failed",
            _ => "received",
        }, m.StoredAt, m.Status == ProcessingStatus.Failed ? m.LastError : null);

    private static List<ApiStatusChange> History(OutboundMessage m)
    {
        var history = new List<ApiStatusChange> { new("queued", m.CreatedAt) };
        if (m.SentAt is { } sent)
        {
            history.Add(new("sent", sent));
        }
        if (m.DeliveredAt is { } delivered)
        {
            history.Add(new("delivered", delivered));
        }
        if (m.Status == OutboundStatus.Failed)
        {
            history.Add(new("failed", m.UpdatedAt));
        }
        return history;
    }

    private static List<ApiStatusChange> History(InboundMessage m)
    {
        var history = new List<ApiStatusChange> { new("received", m.StoredAt) };
        if (m.ProcessedAt is { } processed)
        {
            history.Add(new(m.Status == ProcessingStatus.Failed ? "failed" : "processed", processed));
        }
        return history;
    }

    private static (DateTimeOffset, string) Parse(string[] parts) =>
        long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks is >= 0 and <= 3155378975999999999
            ? (new DateTimeOffset(ticks, TimeSpan.Zero), parts[1])
            : throw new Common.UserInputException("The cursor is not one this API returned; start again without it.");
}
