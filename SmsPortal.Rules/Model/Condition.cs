using System.Text.Json.Serialization;

namespace SmsPortal.Rules.Model;

/// <summary>
/// Base of every rule condition. Serialised polymorphically with a <c>type</c> discriminator.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(AllCondition), "all")]
[JsonDerivedType(typeof(AnyCondition), "any")]
[JsonDerivedType(typeof(NotCondition), "not")]
[JsonDerivedType(typeof(FirstWordIsCondition), "firstWordIs")]
[JsonDerivedType(typeof(MessageIsCondition), "messageIs")]
[JsonDerivedType(typeof(ContainsWordCondition), "containsWord")]
[JsonDerivedType(typeof(ContainsPhraseCondition), "containsPhrase")]
[JsonDerivedType(typeof(StartsWithCondition), "startsWith")]
[JsonDerivedType(typeof(MatchesRegexCondition), "matchesRegex")]
[JsonDerivedType(typeof(SenderIsCondition), "senderIs")]
[JsonDerivedType(typeof(SenderStartsWithCondition), "senderStartsWith")]
[JsonDerivedType(typeof(HasTagCondition), "hasTag")]
[JsonDerivedType(typeof(LacksTagCondition), "lacksTag")]
[JsonDerivedType(typeof(IsNewContactCondition), "isNewContact")]
[JsonDerivedType(typeof(IsOptedOutCondition), "isOptedOut")]
[JsonDerivedType(typeof(BusinessHoursCondition), "businessHours")]
[JsonDerivedType(typeof(EndpointIsCondition), "endpointIs")]
public abstract record Condition;

/// <summary>Passes when every child condition passes (an empty list passes).</summary>
/// <param name="Conditions">The child conditions.</param>
public sealed record AllCondition(IReadOnlyList<Condition> Conditions) : Condition;

/// <summary>Passes when at least one child condition passes.</summary>
/// <param name="Conditions">The child conditions (at least one).</param>
public sealed record AnyCondition(IReadOnlyList<Condition> Conditions) : Condition;

/// <summary>Passes when the child condition fails.</summary>
/// <param name="Condition">The negated condition.</param>
public sealed record NotCondition(Condition Condition) : Condition;

/// <summary>A keyword and the synonyms that count as the same keyword. <c>{{keyword}}</c> renders <see cref="Value"/>.</summary>
/// <param name="Value">The canonical keyword.</param>
/// <param name="Synonyms">Other spellings or words that match as this keyword.</param>
public sealed record Keyword(string Value, IReadOnlyList<string>? Synonyms = null);

/// <summary>Base of the conditions on the normalised message text (trimmed, case-folded, punctuation around words removed).</summary>
public abstract record TextCondition : Condition
{
    /// <summary>When true, accents are ignored too ("café" matches "cafe").</summary>
    public bool IgnoreAccents { get; init; }
}

/// <summary>Passes when the first word of the message is one of the keywords (or their synonyms).</summary>
/// <param name="Keywords">Single-word keywords.</param>
public sealed record FirstWordIsCondition(IReadOnlyList<Keyword> Keywords) : TextCondition;

/// <summary>Passes when the whole normalised message is one of the keywords (or their synonyms).</summary>
/// <param name="Keywords">Keywords or short phrases.</param>
public sealed record MessageIsCondition(IReadOnlyList<Keyword> Keywords) : TextCondition;

/// <summary>Passes when any word of the message is one of the keywords (or their synonyms).</summary>
/// <param name="Keywords">Single-word keywords.</param>
public sealed record ContainsWordCondition(IReadOnlyList<Keyword> Keywords) : TextCondition;

/// <summary>Passes when the message contains one of the phrases on word boundaries.</summary>
/// <param name="Phrases">Phrases of one or more words.</param>
public sealed record ContainsPhraseCondition(IReadOnlyList<string> Phrases) : TextCondition;

/// <summary>Passes when the normalised message starts with one of the prefixes.</summary>
/// <param name="Prefixes">Text prefixes.</param>
public sealed record StartsWithCondition(IReadOnlyList<string> Prefixes) : TextCondition;

/// <summary>
/// Passes when the (trimmed, not otherwise normalised) message matches the regular expression.
/// Patterns are compiled with <c>RegexOptions.NonBacktracking</c> and a match timeout, so a pattern can never hang the engine;
/// constructs that need backtracking (back-references, look-arounds) are rejected at compile time.
/// </summary>
/// <param name="Pattern">.NET regular expression.</param>
/// <param name="IgnoreCase">Case-insensitive matching (default true).</param>
public sealed record MatchesRegexCondition(string Pattern, bool IgnoreCase = true) : Condition;

/// <summary>Passes when the sender's number is one of the numbers (spaces, dashes and brackets are ignored).</summary>
/// <param name="Numbers">Phone numbers, ideally E.164.</param>
public sealed record SenderIsCondition(IReadOnlyList<string> Numbers) : Condition;

/// <summary>Passes when the sender's number starts with one of the prefixes (e.g. <c>+27</c>).</summary>
/// <param name="Prefixes">Number prefixes.</param>
public sealed record SenderStartsWithCondition(IReadOnlyList<string> Prefixes) : Condition;

/// <summary>Passes when the contact has the tag (case-insensitive).</summary>
/// <param name="Tag">The tag.</param>
public sealed record HasTagCondition(string Tag) : Condition;

/// <summary>Passes when the contact does not have the tag (case-insensitive).</summary>
/// <param name="Tag">The tag.</param>
public sealed record LacksTagCondition(string Tag) : Condition;

/// <summary>Passes when this is the contact's first message ever.</summary>
public sealed record IsNewContactCondition : Condition;

/// <summary>Passes when the contact is opted out.</summary>
public sealed record IsOptedOutCondition : Condition;

/// <summary>
/// Passes when the message was received inside (or, with <paramref name="Inside"/> false, outside) business hours.
/// When <paramref name="From"/> is later than <paramref name="To"/> the hours run overnight into the next day.
/// </summary>
/// <param name="Inside">True for "inside business hours", false for "outside".</param>
/// <param name="Days">The business days (the day on which the hours start).</param>
/// <param name="From">Opening time (inclusive), local to <paramref name="TimeZone"/>.</param>
/// <param name="To">Closing time (exclusive), local to <paramref name="TimeZone"/>.</param>
/// <param name="TimeZone">IANA time zone id, e.g. <c>Africa/Johannesburg</c>.</param>
public sealed record BusinessHoursCondition(bool Inside, IReadOnlyList<DayOfWeek> Days, TimeOnly From, TimeOnly To, string TimeZone) : Condition;

/// <summary>Passes when the message was received through one of the endpoints.</summary>
/// <param name="EndpointIds">Endpoint identifiers (ordinal comparison).</param>
public sealed record EndpointIsCondition(IReadOnlyList<string> EndpointIds) : Condition;
