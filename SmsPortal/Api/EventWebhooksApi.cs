using Microsoft.AspNetCore.Http.HttpResults;
using SmsPortal.Api;
using SmsPortal.ApiKeys;
using SmsPortal.Common;
using SmsPortal.EventWebhooks;

namespace Microsoft.AspNetCore.Routing;

internal static class EventWebhooksApi
{
    public static void MapEventWebhooksApi(this RouteGroupBuilder v1)
    {
        var webhooks = v1.MapGroup("/webhooks").WithTags("Event webhooks");
        webhooks.MapGet("", ListAsync).RequireScope(ApiScopes.Admin)
            .WithName("ListEventWebhooks").WithSummary("The URLs that receive this workspace's events");
        webhooks.MapPost("", CreateAsync).RequireScope(ApiScopes.Admin)
            .WithName("CreateEventWebhook").WithSummary("Register a URL for events; the whsec_ secret to verify them is in this answer")
            .WithDescription("Events: " + string.Join(", ", EventTypes.All) + ". Each delivery is signed the Standard Webhooks way " +
                "(webhook-id, webhook-timestamp, webhook-signature) and retried with backoff for about a day.");
        webhooks.MapDelete("/{id}", DeleteAsync).RequireScope(ApiScopes.Admin)
            .WithName("DeleteEventWebhook").WithSummary("Stop sending events to a URL");
    }

    private static async Task<Ok<IReadOnlyList<EventSubscriptionSummary>>> ListAsync(HttpContext context, EventWebhookService webhooks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await webhooks.ListAsync(context.ApiKey().WorkspaceId, cancellationToken));

    private static async Task<Created<CreatedEventSubscription>> CreateAsync(
        HttpContext context, EventWebhookService webhooks, CreateEventWebhookRequest request, CancellationToken cancellationToken)
    {
        var key = context.ApiKey();
        var created = await webhooks.CreateAsync(key.WorkspaceId, key.Actor, request.Url, request.Events ?? [], request.Description, cancellationToken);
        return TypedResults.Created($"/api/v1/webhooks/{created.Subscription.Id}", created);
    }

    private static async Task<NoContent> DeleteAsync(HttpContext context, EventWebhookService webhooks, string id, CancellationToken cancellationToken)
    {
        var key = context.ApiKey();
        await webhooks.DeleteAsync(key.WorkspaceId, key.Actor, id, cancellationToken);
        return TypedResults.NoContent();
    }
}
