using Microsoft.EntityFrameworkCore;
using SmsPortal.Data;
using SmsPortal.Team;

namespace SmsPortal.Drafts;

/// <summary>
/// Stores drafts per person, workspace and form. Every query is scoped to the signed-in member's workspace and
/// user id, so a draft is only ever read back by the person who typed it.
/// </summary>
public sealed class DraftService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Longer than any form the portal has (an SMS is at most 1,600 characters; a rule a few KB).</summary>
    public const int MaxContentLength = 64 * 1024;

    public async Task<SavedDraft?> GetAsync(PortalUser user, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Mine(db, user, key)
            .Select(d => new SavedDraft(d.Content, d.UpdatedAt))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Stores <paramref name="content"/> as the draft of <paramref name="key"/>; empty content removes it.</summary>
    public async Task SaveAsync(PortalUser user, string key, string? content, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            await DiscardAsync(user, key, cancellationToken);
            return;
        }
        if (content.Length > MaxContentLength || key.Length > DraftKeys.MaxLength)
        {
            // Nothing a form produces is this long; refusing quietly keeps a runaway page from filling the table.
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var draft = await Mine(db, user, key).SingleOrDefaultAsync(cancellationToken);
        if (draft is null)
        {
            draft = new Draft { WorkspaceId = user.WorkspaceId, UserId = user.UserId, Key = key, Content = content };
            db.Add(draft);
        }
        draft.Content = content;
        draft.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (draft.Id == 0)
        {
            // The same person in a second tab stored this draft first: the newest text wins.
            await Mine(db, user, key).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Content, content)
                .SetProperty(d => d.UpdatedAt, draft.UpdatedAt), cancellationToken);
        }
    }

    public async Task DiscardAsync(PortalUser user, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await Mine(db, user, key).ExecuteDeleteAsync(cancellationToken);
    }

    private static IQueryable<Draft> Mine(AppDbContext db, PortalUser user, string key) =>
        db.Set<Draft>().Where(d => d.WorkspaceId == user.WorkspaceId && d.UserId == user.UserId && d.Key == key);
}
