namespace SmsPortal.Rules.Model;

/// <summary>
/// One no-code auto-reply rule as authored in the portal. This record is also the import/export format
/// (inside a <see cref="RuleSetDocument"/>).
/// </summary>
/// <remarks>
/// The rule fires when every condition in <see cref="Conditions"/> passes (an implicit "all");
/// an empty condition list matches every message.
/// </remarks>
public sealed record RuleDefinition
{
    /// <summary>Stable identifier of the rule, unique within the rule set. Used as the key of the contact's firing history.</summary>
    public required string Id { get; init; }

    /// <summary>Human-readable name shown in the portal and in validation errors.</summary>
    public required string Name { get; init; }

    /// <summary>Optional free-text description.</summary>
    public string? Description { get; init; }

    /// <summary>Disabled rules are kept in the document but never fire.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Higher priorities fire first; rules of equal priority fire in authoring order.</summary>
    public int Priority { get; init; }

    /// <summary>The conditions, combined with "all". Nest <see cref="AnyCondition"/>, <see cref="AllCondition"/> and <see cref="NotCondition"/> for trees.</summary>
    public IReadOnlyList<Condition> Conditions { get; init; } = [];

    /// <summary>The actions the host executes when the rule fires, in order.</summary>
    public IReadOnlyList<RuleAction> Actions { get; init; } = [];

    /// <summary>Firing options (stop processing, once per contact, cooldown).</summary>
    public RuleOptions Options { get; init; } = new();
}

/// <summary>Options that control how a rule interacts with other rules and with the contact's history.</summary>
public sealed record RuleOptions
{
    /// <summary>When the rule fires, no rule after it on the agenda fires for this message.</summary>
    public bool StopProcessing { get; init; }

    /// <summary>The rule fires at most once per contact (the host passes the contact's firing history in the fact).</summary>
    public bool OncePerContact { get; init; }

    /// <summary>When set, the rule does not fire again for the same contact until this much time has passed since it last fired.</summary>
    public TimeSpan? Cooldown { get; init; }
}
