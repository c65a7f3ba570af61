namespace SmsPortal.RuleSets;

/// <summary>The condition types the editor offers, one per condition record of SmsPortal.Rules.</summary>
public enum ConditionKind
{
    All,
    Any,
    Not,
    FirstWordIs,
    MessageIs,
    ContainsWord,
    ContainsPhrase,
    StartsWith,
    MatchesRegex,
    SenderIs,
    SenderStartsWith,
    HasTag,
    LacksTag,
    IsNewContact,
    IsOptedOut,
    BusinessHours,
    EndpointIs,
}
