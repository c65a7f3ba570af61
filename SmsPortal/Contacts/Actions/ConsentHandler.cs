using SmsPortal.Audit;
using SmsPortal.Live;
using SmsPortal.Processing;
using SmsPortal.Rules.Actions;

namespace SmsPortal.Contacts.Actions;

/// <summary>Opts a contact out (<see cref="ActionKind.OptOut"/>) or back in (<see cref="ActionKind.OptIn"/>), audited.</summary>
internal sealed class ConsentHandler(ActionKind kind) : IRuleActionHandler
{
    public ActionKind Kind => kind;

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var contact = context.Contact;
        var optOut = kind == ActionKind.OptOut;
        if (contact.IsOptedOut == optOut)
        {
            return ValueTask.FromResult(ActionResult.Skipped(optOut ? "Already opted out." : "Was not opted out."));
        }
        contact.IsOptedOut = optOut;
        contact.OptedOutAt = optOut ? context.Now : null;
        context.Db.AddAudit(contact.WorkspaceId, context.RuleActor, optOut ? "contact.opted_out" : "contact.opted_in",
            contact.Number, context.Now, $"message {context.Message.Id}");
        context.Db.RaiseConsentEvent(contact, $"rule {context.Activation.RuleName}", context.Now);
        context.Result.Updates.Add(new LiveUpdate(LiveUpdateKind.ContactChanged, contact.WorkspaceId, contact.Id));
        return ValueTask.FromResult(ActionResult.Done());
    }
}
