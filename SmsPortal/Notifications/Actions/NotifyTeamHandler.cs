using SmsPortal.Common;
using SmsPortal.Live;
using SmsPortal.Processing;
using SmsPortal.Rules.Actions;

namespace SmsPortal.Notifications.Actions;

/// <summary>Leaves a notification for the team (or one named team) that the portal shows live.</summary>
internal sealed class NotifyTeamHandler : IRuleActionHandler
{
    public ActionKind Kind => ActionKind.NotifyTeam;

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var (message, contact) = (context.Message, context.Contact);
        context.Db.Notifications.Add(new Notification
        {
            WorkspaceId = message.WorkspaceId,
            At = context.Now,
            Text = (context.Action.Text ?? $"{contact.Name ?? contact.Number}: {message.Text.Preview()}").Truncate(1000),
            Team = context.Action.Team,
            MessageId = message.Id,
            ContactId = contact.Id,
            RuleId = context.Activation.RuleId,
        });
        context.Result.Updates.Add(new LiveUpdate(LiveUpdateKind.NotificationCreated, message.WorkspaceId, contact.Id, message.Id));
        return ValueTask.FromResult(ActionResult.Done());
    }
}
