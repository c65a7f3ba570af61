using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Team;

namespace SmsPortal.SavedReplies;

public sealed record SavedReplyItem(Guid Id, string Shortcut, string Text);

/// <summary>A workspace's saved replies: any member searches and uses them, Owners and Admins keep the list.</summary>
public sealed class SavedReplyService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const int MaxShortcutLength = 40;
    public const int MaxTextLength = 1600;
    public const int MaxResults = 20;

    /// <summary>The replies whose shortcut starts with, or whose shortcut or text contains, <paramref name="text"/>; shortcut matches first.</summary>
    public async Task<IReadOnlyList<SavedReplyItem>> SearchAsync(Guid workspaceId, string? text, CancellationToken cancellationToken = default)
    {
        text = (text ?? "").Trim().TrimStart('/');
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var replies = db.SavedReplies.AsNoTracking().Where(r => r.WorkspaceId == workspaceId);
        if (text.Length > 0)
        {
            var lower = text.ToLower();
            replies = replies.Where(r => r.Shortcut.ToLower().Contains(lower) || r.Text.ToLower().Contains(lower));
        }
        var found = await replies.OrderBy(r => r.Shortcut).Take(200).Select(r => new SavedReplyItem(r.Id, r.Shortcut, r.Text)).ToListAsync(cancellationToken);
        return found
            .OrderBy(r => r.Shortcut.StartsWith(text, StringComparison.OrdinalIgnoreCase) ? 0 : r.Shortcut.Contains(text, StringComparison.OrdinalIgnoreCase) ? 1 : 2)
            .ThenBy(r => r.Shortcut, StringComparer.OrdinalIgnoreCase)
            .Take(MaxResults)
            .ToList();
    }

    /// <summary>Adds a reply (<paramref name="id"/> null) or changes one.</summary>
    public async Task<SavedReplyItem> SaveAsync(Guid workspaceId, Actor actor, Guid? id, string shortcut, string text, CancellationToken cancellationToken = default)
    {
        (shortcut, text) = Validate(shortcut, text);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        if (await db.SavedReplies.AnyAsync(r => r.WorkspaceId == workspaceId && r.Shortcut == shortcut && r.Id != id, cancellationToken))
        {
            throw new UserInputException($"There is already a saved reply /{shortcut}.");
        }
        var now = time.GetUtcNow();
        SavedReply reply;
        if (id is { } existing)
        {
            reply = await db.SavedReplies.SingleOrDefaultAsync(r => r.WorkspaceId == workspaceId && r.Id == existing, cancellationToken)
                ?? throw new UserInputException("That saved reply was not found.");
            reply.Shortcut = shortcut;
            reply.Text = text;
        }
        else
        {
            reply = new SavedReply { WorkspaceId = workspaceId, Shortcut = shortcut, Text = text, CreatedAt = now };
            db.SavedReplies.Add(reply);
        }
        reply.UpdatedAt = now;
        db.AddAudit(workspaceId, actor, id is null ? "saved_reply.created" : "saved_reply.changed", "/" + shortcut, now);
        await db.SaveChangesAsync(cancellationToken);
        return new SavedReplyItem(reply.Id, reply.Shortcut, reply.Text);
    }

    public async Task DeleteAsync(Guid workspaceId, Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await MemberRoles.RequireAsync(db, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);
        if (await db.SavedReplies.SingleOrDefaultAsync(r => r.WorkspaceId == workspaceId && r.Id == id, cancellationToken) is { } reply)
        {
            db.SavedReplies.Remove(reply);
            db.AddAudit(workspaceId, actor, "saved_reply.deleted", "/" + reply.Shortcut, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static (string Shortcut, string Text) Validate(string? shortcut, string? text)
    {
        shortcut = (shortcut ?? "").Trim().TrimStart('/');
        text = (text ?? "").Trim();
        if (shortcut.Length == 0 || shortcut.Length > MaxShortcutLength || !shortcut.All(c => char.IsLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new UserInputException($"A shortcut is 1 to {MaxShortcutLength} letters, digits, - or _ (no spaces).");
        }
        if (text.Length == 0 || text.Length > MaxTextLength)
        {
            throw new UserInputException($"A saved reply's text is 1 to {MaxTextLength} characters.");
        }
        if (ReplyTemplate.UnknownVariables(text) is { Count: > 0 } unknown)
        {
            throw new UserInputException($"Unknown variable {string.Join(", ", unknown.Select(u => "{{" + u + "}}"))}; use {string.Join(", ", ReplyTemplate.Variables.Select(v => "{{" + v + "}}"))}.");
        }
        return (shortcut, text);
    }
}
