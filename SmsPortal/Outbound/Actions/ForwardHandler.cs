using System.Text.Json;
using SmsPortal.Common;
using SmsPortal.Processing;
using SmsPortal.Rules.Actions;

namespace SmsPortal.Outbound.Actions;

/// <summary>Queues the message, its contact and the rule as a signed JSON POST to the rule's URL.</summary>
internal sealed class ForwardHandler(TimeProvider time) : IRuleActionHandler
{
    private static readonly JsonSerializerOptions ForwardJson = new(JsonSerializerDefaults.Web);

    public ActionKind Kind => ActionKind.ForwardToUrl;

    public bool LeavesPortal => true;

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var (message, contact, activation, url) = (context.Message, context.Contact, context.Activation, context.Action.Url!);
        context.Db.ForwardDeliveries.Add(new ForwardDelivery
        {
            Id = OpaqueId.NewTimeOrdered("fwd_", time),
            WorkspaceId = message.WorkspaceId,
            MessageId = message.Id,
            RuleId = activation.RuleId,
            Url = url.ToString(),
            Payload = JsonSerializer.Serialize(new
            {
                type = "message.received",
                message = new { id = message.Id, externalId = message.ExternalId, from = contact.Number, to = message.To, text = message.Text, receivedAt = message.ReceivedAt, endpointId = message.EndpointId },
                contact = new { id = contact.Id, number = contact.Number, name = contact.Name, optedOut = contact.IsOptedOut, tags = contact.Tags.Select(t => t.Tag) },
                rule = new { id = activation.RuleId, name = activation.RuleName, keyword = activation.Keyword },
            }, ForwardJson),
            CreatedAt = context.Now,
        });
        context.Result.ForwardQueued = true;
        return ValueTask.FromResult(ActionResult.Done(url.ToString()));
    }
}
