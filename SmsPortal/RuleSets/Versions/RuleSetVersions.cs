using Microsoft.EntityFrameworkCore;
using SmsPortal.Audit;
using SmsPortal.Common;
using SmsPortal.Data;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;
using SmsPortal.Team;

namespace SmsPortal.RuleSets.Versions;

public sealed record VersionSummary(int Number, DateTimeOffset PublishedAt, string PublishedBy, string? Comment, int? RestoredFrom, int RuleCount);

/// <summary>
/// Publishing: the draft (the rules being edited and the compliance settings) becomes a new numbered version, which
/// is live on every node once the cache has swapped it in; rolling back publishes an older version's document again.
/// </summary>
public sealed class RuleSetVersions(
    IDbContextFactory<AppDbContext> dbFactory,
    RuleSetCache cache,
    RuleSetValidation validation,
    TimeProvider time,
    ILogger<RuleSetVersions> logger)
{
    public const int MaxCommentLength = 500;
    private const int MaxAttempts = 20;

    public async Task<IReadOnlyList<VersionSummary>> ListAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RuleSetVersions.AsNoTracking().Where(v => v.WorkspaceId == workspaceId).OrderByDescending(v => v.Number)
            .Select(v => new VersionSummary(v.Number, v.PublishedAt, v.PublishedBy, v.Comment, v.RestoredFrom, v.RuleCount))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The live version's number, or null while the workspace has never published (its draft runs).</summary>
    public async Task<int?> LiveNumberAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RuleSetVersions.Where(v => v.WorkspaceId == workspaceId).MaxAsync(v => (int?)v.Number, cancellationToken);
    }

    /// <param name="number">A version number, or null for the draft.</param>
    /// <exception cref="UserInputException">The workspace has no such version.</exception>
    public async Task<RuleSetDocument> DocumentAsync(Guid workspaceId, int? number, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (number is null)
        {
            return await DraftReader.ReadAsync(db, workspaceId, logger, cancellationToken);
        }
        var json = await db.RuleSetVersions.Where(v => v.WorkspaceId == workspaceId && v.Number == number)
            .Select(v => v.DocumentJson).SingleOrDefaultAsync(cancellationToken)
            ?? throw new UserInputException($"Version {number} was not found.");
        return RuleSetSerializer.Deserialize(json);
    }

    /// <summary>What changed from one version (or the draft, null) to another.</summary>
    public async Task<RuleSetChanges> DiffAsync(Guid workspaceId, int? from, int? to, CancellationToken cancellationToken = default) =>
        RuleSetDiff.Compare(await DocumentAsync(workspaceId, from, cancellationToken), await DocumentAsync(workspaceId, to, cancellationToken));

    /// <summary>The changes the draft would publish: from the live version (or nothing, before the first publish) to the draft.</summary>
    public async Task<RuleSetChanges> PendingAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var live = await LiveNumberAsync(workspaceId, cancellationToken);
        var before = live is null ? new RuleSetDocument() : await DocumentAsync(workspaceId, live, cancellationToken);
        return RuleSetDiff.Compare(before, await DocumentAsync(workspaceId, null, cancellationToken));
    }

    /// <summary>Makes the draft the live version. Only Owners and Admins (as the database has it) may.</summary>
    /// <exception cref="RuleCompilationException">The draft does not compile (a forward target is no longer allowed, say).</exception>
    public async Task<VersionSummary> PublishAsync(Guid workspaceId, Actor actor, string? comment, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(workspaceId, actor, cancellationToken);
        var draft = await DocumentAsync(workspaceId, null, cancellationToken);
        return await AddAsync(workspaceId, draft, actor, comment, null, cancellationToken);
    }

    /// <summary>Rolls back: publishes version <paramref name="number"/>'s document again, as a new version. The draft is left as it is.</summary>
    public async Task<VersionSummary> RollbackAsync(Guid workspaceId, int number, Actor actor, string? comment, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(workspaceId, actor, cancellationToken);
        var document = await DocumentAsync(workspaceId, number, cancellationToken);
        return await AddAsync(workspaceId, document, actor, comment ?? $"Roll back to version {number}", number, cancellationToken);
    }

    private async Task RequireAdminAsync(Guid workspaceId, Actor actor, CancellationToken cancellationToken) =>
        await MemberRoles.RequireAsync(dbFactory, workspaceId, actor, WorkspaceRole.Admin, cancellationToken);

    private async Task<VersionSummary> AddAsync(Guid workspaceId, RuleSetDocument document, Actor actor, string? comment, int? restoredFrom, CancellationToken cancellationToken)
    {
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment?.Length > MaxCommentLength)
        {
            throw new UserInputException($"The comment is longer than {MaxCommentLength} characters.");
        }
        await validation.ThrowIfInvalidAsync(workspaceId, document, cancellationToken);
        var json = RuleSetSerializer.Serialize(document);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var next = (await db.RuleSetVersions.Where(v => v.WorkspaceId == workspaceId).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0) + 1;
            var version = new RuleSetVersion
            {
                WorkspaceId = workspaceId,
                Number = next,
                DocumentJson = json,
                PublishedAt = time.GetUtcNow(),
                PublishedBy = actor.Name,
                PublishedByUserId = actor.UserId,
                Comment = comment,
                RestoredFrom = restoredFrom,
                RuleCount = document.Rules.Count,
            };
            db.RuleSetVersions.Add(version);
            db.AddAudit(workspaceId, actor, restoredFrom is null ? "rules.published" : "rules.rolled_back", $"v{next}", version.PublishedAt,
                restoredFrom is null ? comment : $"from version {restoredFrom}{(comment is null ? "" : $": {comment}")}");
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when ((DbErrors.IsUniqueViolation(ex) || DbErrors.IsTransient(ex)) && attempt < MaxAttempts)
            {
                // Someone else published this number first: take the next one.
                await Task.Delay(Random.Shared.Next(2, 20) * attempt, cancellationToken);
                continue;
            }
            cache.Invalidate(workspaceId);
            return new VersionSummary(version.Number, version.PublishedAt, version.PublishedBy, version.Comment, version.RestoredFrom, version.RuleCount);
        }
    }
}
