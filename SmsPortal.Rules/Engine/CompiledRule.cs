using System.Collections.ObjectModel;
using SmsPortal.Rules.Actions;
using SmsPortal.Rules.Compliance;
using SmsPortal.Rules.Conditions;

namespace SmsPortal.Rules.Engine;

/// <summary>A validated rule ready for evaluation. Immutable.</summary>
internal sealed class CompiledRule
{
    private readonly ReadOnlyCollection<ResolvedAction>? _constantActions;

    public CompiledRule(
        string id,
        string name,
        int priority,
        int authoringIndex,
        ComplianceKind complianceKind,
        CompiledCondition[] conditions,
        CompiledAction[] actions,
        bool stopsProcessing,
        bool oncePerContact,
        TimeSpan? cooldown)
    {
        Id = id;
        Name = name;
        Priority = priority;
        AuthoringIndex = authoringIndex;
        ComplianceKind = complianceKind;
        Conditions = conditions;
        Actions = actions;
        StopsProcessing = stopsProcessing;
        OncePerContact = oncePerContact;
        Cooldown = cooldown;
        if (actions.All(a => a.IsConstant))
        {
            _constantActions = Array.AsReadOnly(actions.Select(a => a.Resolve(null!, null)).ToArray());
        }
    }

    public string Id { get; }

    public string Name { get; }

    public int Priority { get; }

    public int AuthoringIndex { get; }

    public ComplianceKind ComplianceKind { get; }

    public CompiledCondition[] Conditions { get; }

    public CompiledAction[] Actions { get; }

    public bool StopsProcessing { get; }

    public bool OncePerContact { get; }

    public TimeSpan? Cooldown { get; }

    /// <summary>Index keys of the rule (null: always evaluate).</summary>
    public IReadOnlyList<IndexKey>? IndexKeys => AllNode.SelectIndexKeys(Conditions);

    /// <summary>Agenda position: compliance rules first, then priority descending, then authoring order.</summary>
    public int Position { get; set; }

    /// <summary>True when once-per-contact or a cooldown may block the rule.</summary>
    public bool UsesHistory => OncePerContact || Cooldown is not null;

    /// <summary>The canonical keyword of the first keyword condition that matched (for <c>{{keyword}}</c>); called once the rule fired.</summary>
    public string? KeywordOf(EvaluationContext context)
    {
        foreach (var condition in Conditions)
        {
            if (condition.Evaluate(context, out var keyword) && keyword is not null)
            {
                return keyword;
            }
        }

        return null;
    }

    /// <summary>The history condition of the rule's NRules definition.</summary>
    public bool HistoryAllows(MessageInput input) => HistoryBlocks(input.Context.Fact) is null;

    /// <summary>Checks once-per-contact and cooldown against the contact's history; null when the rule may fire.</summary>
    public RuleOutcome? HistoryBlocks(RuleFact fact)
    {
        if (!OncePerContact && Cooldown is null)
        {
            return null;
        }

        if (!fact.Contact.LastFiredByRuleId.TryGetValue(Id, out var lastFired))
        {
            return null;
        }

        if (OncePerContact)
        {
            return RuleOutcome.SkippedOncePerContact;
        }

        return fact.Message.ReceivedAt - lastFired < Cooldown!.Value ? RuleOutcome.SkippedCooldown : null;
    }

    public Activation Fire(EvaluationContext context, string? keyword)
    {
        IReadOnlyList<ResolvedAction> actions;
        if (_constantActions is not null)
        {
            actions = _constantActions;
        }
        else
        {
            var resolved = new ResolvedAction[Actions.Length];
            for (var i = 0; i < resolved.Length; i++)
            {
                resolved[i] = Actions[i].Resolve(context, keyword);
            }

            actions = resolved; // a fresh array per activation: nothing shared can be mutated through it
        }

        return new Activation(Id, Name, Priority, ComplianceKind, keyword, actions, StopsProcessing) { Position = Position };
    }
}
