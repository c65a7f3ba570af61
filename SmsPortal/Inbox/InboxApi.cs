using SmsPortal.Inbox;
using SmsPortal.Team;

namespace Microsoft.AspNetCore.Routing;

public static class InboxApi
{
    /// <summary>Per-conversation export, for any member who may see the conversation.</summary>
    public static IEndpointRouteBuilder MapInbox(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/inbox").WithTags("Inbox").RequireWorkspaceMember();
        inbox.MapGet("/{contactId:guid}/export.{format:regex(^(csv|json)$)}", ExportAsync)
            .WithName("ExportConversation")
            .WithSummary("One conversation (messages both ways and internal notes) as CSV or JSON.");
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, ConversationExport export, Guid contactId, string format)
    {
        var member = context.WorkspaceMember();
        if (await export.ReadAsync(member.WorkspaceId, member.Actor, contactId, context.RequestAborted) is not { } conversation)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: SmsPortal.Contacts.ConversationVisibility.NotFound);
        }
        var name = $"conversation-{conversation.Contact.Number.TrimStart('+')}.{format}";
        return format == "csv"
            ? TypedResults.Stream(s => ConversationExport.WriteCsvAsync(conversation.Items, s, context.RequestAborted), "text/csv; charset=utf-8", name)
            : TypedResults.Stream(s => ConversationExport.WriteJsonAsync(conversation.Contact, conversation.Items, s, context.RequestAborted), "application/json; charset=utf-8", name);
    }
}
