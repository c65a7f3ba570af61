using SmsPortal.Messages;
using SmsPortal.Common;
using SmsPortal.Rules.Engine;
using SmsPortal.Webhooks;

namespace SmsPortal.Processing;

/// <summary>
/// What processing did for a message: one row per rule that fired (<see cref="ActionIndex"/> −1) and per action.
/// Unique on (message, rule, action index), so an effect cannot be recorded, or done, twice.
/// </summary>
public sealed class ActionExecution
{
    public const int RuleFired = -1;
    public const int MaxDetailLength = 1000;

    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string MessageId { get; init; }
    public required string RuleId { get; init; }
    public required string RuleName { get; init; }
    public int ActionIndex { get; init; }
    public required string Action { get; init; }
    public ActionOutcome Outcome { get; init; }
    public string? Detail { get; init; }
    public DateTimeOffset At { get; init; }
    /// <summary>The published rule set version that answered; null while a workspace has never published one.</summary>
    public int? RuleSetVersion { get; init; }

    /// <summary>The row that says a rule fired for a message.</summary>
    public static ActionExecution Fired(InboundMessage message, Activation activation, DateTimeOffset at, int? version = null) =>
        For(message, activation, RuleFired, "Fired",
            ActionResult.Done(activation.Keyword is null ? null : $"keyword: {activation.Keyword}"), at, version);

    /// <summary>The row for action <paramref name="index"/> of a fired rule.</summary>
    public static ActionExecution For(InboundMessage message, Activation activation, int index, string action, ActionResult result, DateTimeOffset at, int? version = null) => new()
    {
        WorkspaceId = message.WorkspaceId,
        MessageId = message.Id,
        RuleId = activation.RuleId,
        RuleName = activation.RuleName,
        ActionIndex = index,
        Action = action,
        Outcome = result.Outcome,
        Detail = result.Detail?.Truncate(MaxDetailLength),
        At = at,
        RuleSetVersion = version,
    };
}

public enum ActionOutcome
{
    Done = 0,
    Skipped = 1,
    Failed = 2,
}
