namespace SmsPortal.Rules.Compilation;

/// <summary>Collects validation errors for the rule currently being compiled.</summary>
internal sealed class ErrorSink
{
    private readonly List<RuleValidationError> _errors = [];

    public string? RuleId { get; set; }

    public string? RuleName { get; set; }

    public IReadOnlyList<RuleValidationError> Errors => _errors;

    public int Count => _errors.Count;

    public void Add(string field, string message) => _errors.Add(new RuleValidationError(RuleId, RuleName, field, message));
}
