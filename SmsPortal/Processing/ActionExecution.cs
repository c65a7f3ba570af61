namespace SmsPortal.Processing;

/// <summary>
/// What processing did for a message: one row per rule that fired (<see cref="ActionIndex"/> −1) and per action.
/// Unique on (message, rule, action index), so an effect cannot be recorded, or done, twice.
/// </summary>
public sealed class ActionExecution
{
    public const int RuleFired = -1;

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
}

public enum ActionOutcome
{
    Done = 0,
    Skipped = 1,
    Failed = 2,
}
