using System.Security.Cryptography;
using SmsPortal.Rules.Compilation;
using SmsPortal.Rules.Model;

namespace SmsPortal.RuleSets;

/// <summary>
/// A rule as the no-code editor edits it: mutable, with lists typed as comma-separated text. Converts to and from
/// <see cref="RuleDefinition"/>; each condition and action remembers the field path the compiler reports errors at.
/// </summary>
public sealed class RuleDraft
{
    public string Id { get; set; } = NewId();
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;
    public int Priority { get; set; }
    public List<ConditionDraft> Conditions { get; } = [];
    public List<ActionDraft> Actions { get; } = [];
    public bool StopProcessing { get; set; }
    public bool OncePerContact { get; set; }
    public int? CooldownMinutes { get; set; }

    private TimeSpan? _originalCooldown;

    public static string NewId() => "rule-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static RuleDraft From(RuleDefinition rule)
    {
        var draft = new RuleDraft
        {
            Id = rule.Id,
            Name = rule.Name,
            Description = rule.Description,
            Enabled = rule.Enabled,
            Priority = rule.Priority,
            StopProcessing = rule.Options.StopProcessing,
            OncePerContact = rule.Options.OncePerContact,
            CooldownMinutes = rule.Options.Cooldown is { } cooldown ? (int)Math.Ceiling(cooldown.TotalMinutes) : null,
            _originalCooldown = rule.Options.Cooldown,
        };
        draft.Conditions.AddRange(rule.Conditions.Select(ConditionDraft.Of));
        draft.Actions.AddRange(rule.Actions.Select(ActionDraft.Of));
        return draft;
    }

    /// <summary>
    /// The rule this draft describes, and the problems the compiler cannot see because they are about the typed
    /// text (a time that is not hh:mm). Also sets the <c>Path</c> of every condition and action.
    /// </summary>
    public RuleDefinition ToDefinition(out IReadOnlyList<RuleValidationError> draftErrors)
    {
        var errors = new List<RuleValidationError>();
        var conditions = new List<Condition>(Conditions.Count);
        for (var i = 0; i < Conditions.Count; i++)
        {
            conditions.Add(Conditions[i].ToCondition($"conditions[{i}]", this, errors));
        }
        var actions = new List<RuleAction>(Actions.Count);
        for (var i = 0; i < Actions.Count; i++)
        {
            Actions[i].Path = $"actions[{i}]";
            actions.Add(Actions[i].ToAction());
        }
        draftErrors = errors;
        return new RuleDefinition
        {
            Id = Id,
            Name = Name.Trim(),
            Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
            Enabled = Enabled,
            Priority = Priority,
            Conditions = conditions,
            Actions = actions,
            Options = new RuleOptions
            {
                StopProcessing = StopProcessing,
                OncePerContact = OncePerContact,
                Cooldown = Cooldown(),
            },
        };
    }

    internal RuleValidationError Error(string field, string message) =>
        new(Id, string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(), field, message);

    private TimeSpan? Cooldown()
    {
        if (CooldownMinutes is not { } minutes)
        {
            return null;
        }
        // A cooldown imported in seconds is kept as it was unless the minutes were changed.
        if (_originalCooldown is { } original && (int)Math.Ceiling(original.TotalMinutes) == minutes)
        {
            return original;
        }
        return TimeSpan.FromMinutes(minutes);
    }
}
