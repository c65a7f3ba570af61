using SmsPortal.ApiKeys;
using SmsPortal.Contacts;
using SmsPortal.Data;

namespace SmsPortal.Api;

/// <summary>Whose view of the conversations a request has: the whole workspace for a key tied to no person, else the member the key acts as.</summary>
internal static class ApiViewer
{
    /// <summary>The member's role and the workspace's "own and unassigned" setting are read now, so a change applies to the next request.</summary>
    public static Task<ConversationViewer> ViewerAsync(this ApiKeyIdentity key, AppDbContext db, CancellationToken cancellationToken) =>
        key.ActsAsUserId is not null
            ? ConversationVisibility.ViewerAsync(db, key.WorkspaceId, key.ActingAs, cancellationToken)
            : Task.FromResult(ConversationViewer.Operator(key.WorkspaceId));
}
