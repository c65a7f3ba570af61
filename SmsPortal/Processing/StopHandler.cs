using SmsPortal.Rules.Actions;

namespace SmsPortal.Processing;

/// <summary>The engine has already stopped the agenda; the log only says so.</summary>
internal sealed class StopHandler : IRuleActionHandler
{
    public ActionKind Kind => ActionKind.Stop;

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActionResult.Done("No further rules run."));
}
