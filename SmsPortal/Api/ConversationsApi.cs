using Microsoft.AspNetCore.Http.HttpResults;
using SmsPortal.Api;
using SmsPortal.ApiKeys;
using SmsPortal.Inbox;

namespace Microsoft.AspNetCore.Routing;

internal static class ConversationsApi
{
    public static void MapConversationsApi(this RouteGroupBuilder v1)
    {
        var conversations = v1.MapGroup("/conversations").WithTags("Conversations");
        conversations.MapGet("", ListAsync).RequireScope(ApiScopes.MessagesRead)
            .WithName("ListConversations")
            .WithSummary("Conversations (one per contact), most recent first")
            .WithDescription("unread=true lists only conversations with unread messages; page with cursor.");
        conversations.MapGet("/{id:guid}", GetAsync).RequireScope(ApiScopes.MessagesRead)
            .WithName("GetConversation")
            .WithSummary("A conversation and its messages, newest first (paged with cursor)");
        conversations.MapPost("/{id:guid}/read", MarkReadAsync).RequireScope(ApiScopes.MessagesRead)
            .WithName("MarkConversationRead")
            .WithSummary("Mark a conversation read");
    }

    private static async Task<Ok<ApiPage<ApiConversation>>> ListAsync(
        HttpContext context, ApiContacts contacts, bool? unread, string? cursor, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await contacts.ConversationsAsync(context.ApiKey(), unread == true, cursor, limit, cancellationToken));

    private static async Task<Results<Ok<ApiConversationDetail>, ProblemHttpResult>> GetAsync(
        HttpContext context, ApiContacts contacts, ApiMessages messages, Guid id, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var key = context.ApiKey();
        if (await contacts.ConversationAsync(key, id, cancellationToken) is not { } conversation)
        {
            return ApiProblems.NotFound($"Conversation '{id}'");
        }
        return TypedResults.Ok(new ApiConversationDetail(conversation, await messages.ListAsync(key, null, id, cursor, limit, cancellationToken)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(
        HttpContext context, ApiContacts contacts, InboxService inbox, Guid id, CancellationToken cancellationToken)
    {
        var key = context.ApiKey();
        if (await contacts.ConversationAsync(key, id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"Conversation '{id}'");
        }
        await inbox.MarkReadAsync(key.WorkspaceId, id, cancellationToken);
        return TypedResults.NoContent();
    }
}
