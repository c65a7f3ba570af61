using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsPortal.Common;
using SmsPortal.EventWebhooks;
using SmsPortal.Processing;
using SmsPortal.Rules.Actions;

namespace SmsPortal.Outbound.Actions;

/// <summary>
/// Forwards the message, its contact and the rule. To a registered event webhook (the rule names it): a
/// <c>message.forwarded</c> event delivered to that webhook only, signed with its secret, retried, logged and replayable
/// like every event. To a bare URL (rules written before webhooks): a POST signed with the workspace's forwarding secret.
/// Both are written in the batch's own transaction.
/// </summary>
internal sealed class ForwardHandler(TimeProvider time) : IRuleActionHandler
{
    private static readonly JsonSerializerOptions ForwardJson = new(JsonSerializerDefaults.Web);

    public ActionKind Kind => ActionKind.ForwardToUrl;

    public bool LeavesPortal => true;

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Action.WebhookId is { } webhookId)
        {
            return await ToWebhookAsync(context, webhookId, cancellationToken);
        }
        var (message, url) = (context.Message, context.Action.Url!);
        context.Db.ForwardDeliveries.Add(new ForwardDelivery
        {
            Id = OpaqueId.NewTimeOrdered("fwd_", time),
            WorkspaceId = message.WorkspaceId,
            MessageId = message.Id,
            RuleId = context.Activation.RuleId,
            Url = url.ToString(),
            Payload = JsonSerializer.Serialize(new { type = "message.received", message = MessageOf(context), contact = ContactOf(context), rule = RuleOf(context) }, ForwardJson),
            CreatedAt = context.Now,
        });
        context.Result.ForwardQueued = true;
        return ActionResult.Done(url.ToString());
    }

    private async ValueTask<ActionResult> ToWebhookAsync(ActionContext context, string webhookId, CancellationToken cancellationToken)
    {
        var workspaceId = context.Message.WorkspaceId;
        var webhook = await context.Db.EventSubscriptions.AsNoTracking()
            .Where(s => s.WorkspaceId == workspaceId && s.Id == webhookId)
            .Select(s => new { s.Url, s.Enabled })
            .SingleOrDefaultAsync(cancellationToken);
        if (webhook is null)
        {
            return ActionResult.Skipped($"the event webhook {webhookId} was deleted: pick another in the rule");
        }
        var raised = context.Db.RaiseEvent(workspaceId, EventTypes.MessageForwarded,
            new { message = MessageOf(context), contact = ContactOf(context), rule = RuleOf(context) }, context.Now);
        // Fanned out here, to the one webhook the rule names; subscriptions never receive forwards they did not ask for.
        raised.FannedOut = true;
        context.Db.EventDeliveries.Add(EventDelivery.Of(raised, webhookId, time));
        return ActionResult.Done(webhook.Enabled ? $"{webhook.Url} ({raised.Id})" : $"{webhook.Url} ({raised.Id}), waiting: the webhook is disabled");
    }

    private static object MessageOf(ActionContext c) => new
    {
        id = c.Message.Id, externalId = c.Message.ExternalId, from = c.Contact.Number, to = c.Message.To, text = c.Message.Text,
        receivedAt = c.Message.ReceivedAt, endpointId = c.Message.EndpointId,
    };

    private static object ContactOf(ActionContext c) =>
        new { id = c.Contact.Id, number = c.Contact.Number, name = c.Contact.Name, optedOut = c.Contact.IsOptedOut, tags = c.Contact.Tags.Select(t => t.Tag) };

    private static object RuleOf(ActionContext c) => new { id = c.Activation.RuleId, name = c.Activation.RuleName, keyword = c.Activation.Keyword };
}
