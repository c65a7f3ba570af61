using SmsPortal.Processing;
using SmsPortal.Rules.Actions;

namespace SmsPortal.Contacts.Actions;

internal sealed class AddTagHandler : IRuleActionHandler
{
    public ActionKind Kind => ActionKind.AddTag;

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var (contact, tag) = (context.Contact, context.Action.Tag!);
        if (contact.Tags.Any(t => t.Tag == tag))
        {
            return ValueTask.FromResult(ActionResult.Skipped($"Already tagged '{tag}'."));
        }
        contact.Tags.Add(new ContactTag { ContactId = contact.Id, WorkspaceId = contact.WorkspaceId, Tag = tag });
        return ValueTask.FromResult(ActionResult.Done(tag));
    }
}

internal sealed class RemoveTagHandler : IRuleActionHandler
{
    public ActionKind Kind => ActionKind.RemoveTag;

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var (contact, tag) = (context.Contact, context.Action.Tag);
        if (contact.Tags.FirstOrDefault(t => t.Tag == tag) is not { } existing)
        {
            return ValueTask.FromResult(ActionResult.Skipped($"Not tagged '{tag}'."));
        }
        contact.Tags.Remove(existing);
        return ValueTask.FromResult(ActionResult.Done(tag));
    }
}
