using SmsPortal.Rules.Compliance;

namespace SmsPortal.Rules.Model;

/// <summary>
/// The versioned import/export document of a workspace's rules: <c>{ "schemaVersion": 1, "rules": [...], "compliance": {...} }</c>.
/// Read and write it with <see cref="RuleSetSerializer"/>.
/// </summary>
public sealed record RuleSetDocument
{
    /// <summary>Version of the document format; <see cref="RuleSetSerializer.CurrentSchemaVersion"/> when written by this library.</summary>
    public int SchemaVersion { get; init; } = RuleSetSerializer.CurrentSchemaVersion;

    /// <summary>The user rules in authoring order.</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];

    /// <summary>Workspace customisation of the built-in compliance rules (replies, extra keywords).</summary>
    public ComplianceSettings Compliance { get; init; } = new();
}
