using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmsPortal.Api;
using SmsPortal.ApiKeys;

namespace Microsoft.AspNetCore.Routing;

internal static class MessagesApi
{
    public static void MapMessagesApi(this RouteGroupBuilder v1)
    {
        var messages = v1.MapGroup("/messages").WithTags("Messages");
        messages.MapPost("", SendAsync).RequireScope(ApiScopes.MessagesSend)
            .WithName("SendMessage")
            .WithSummary("Send an SMS")
            .WithDescription("Queues an SMS to a number (which becomes a contact). Send an Idempotency-Key header to retry safely: " +
                "the same key with the same body returns the message already queued (200) instead of sending it twice. " +
                "A number that opted out is refused with 422 and nothing is sent.");
        messages.MapGet("", ListAsync).RequireScope(ApiScopes.MessagesRead)
            .WithName("ListMessages")
            .WithSummary("List messages, newest first")
            .WithDescription("Inbound and outbound merged; filter by direction (inbound, outbound) or contactId; page with cursor.");
        messages.MapGet("/{id}", GetAsync).RequireScope(ApiScopes.MessagesRead)
            .WithName("GetMessage")
            .WithSummary("A message and its status history");
    }

    private static async Task<Results<Created<ApiMessage>, Ok<ApiMessage>>> SendAsync(
        HttpContext context, ApiSending sending, [FromBody] SendMessageRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var outcome = await sending.SendAsync(context.ApiKey(), request, idempotencyKey, cancellationToken);
        if (outcome.Replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Ok(outcome.Message);
        }
        return TypedResults.Created($"/api/v1/messages/{outcome.Message.Id}", outcome.Message);
    }

    private static async Task<Results<Ok<ApiPage<ApiMessage>>, ProblemHttpResult>> ListAsync(
        HttpContext context, ApiMessages messages, string? direction, Guid? contactId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        if (direction is not (null or "inbound" or "outbound"))
        {
            return ApiProblems.Invalid("direction must be 'inbound' or 'outbound' (or left out for both).", StatusCodes.Status400BadRequest);
        }
        return TypedResults.Ok(await messages.ListAsync(context.ApiKey(), direction, contactId, cursor, limit, cancellationToken));
    }

    private static async Task<Results<Ok<ApiMessage>, ProblemHttpResult>> GetAsync(
        HttpContext context, ApiMessages messages, string id, CancellationToken cancellationToken) =>
        await messages.GetAsync(context.ApiKey(), id, cancellationToken) is { } message
            ? TypedResults.Ok(message)
            : ApiProblems.NotFound($"Message '{id}'");
}
