using System.Text.Json.Nodes;
using SmsPortal.Rules.Model;

namespace SmsPortal.RuleSets.Versions;

public enum RuleChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <param name="Field">The field's path in the rule's JSON, e.g. <c>conditions[0].keywords[1].value</c>.</param>
/// <param name="Before">The old value as JSON, or null where the field was not set.</param>
/// <param name="After">The new value as JSON, or null where the field is no longer set.</param>
public sealed record FieldChange(string Field, string? Before, string? After);

public sealed record RuleChange(string RuleId, string RuleName, RuleChangeKind Kind, IReadOnlyList<FieldChange> Fields);

/// <summary>What changed from one rule set to another: rules added, removed or changed (field by field), and compliance.</summary>
public sealed record RuleSetChanges(IReadOnlyList<RuleChange> Rules, IReadOnlyList<FieldChange> Compliance)
{
    public bool IsEmpty => Rules.Count == 0 && Compliance.Count == 0;
}

public static class RuleSetDiff
{
    public static RuleSetChanges Compare(RuleSetDocument before, RuleSetDocument after)
    {
        var old = Indexed(before);
        var current = Indexed(after);
        var changes = new List<RuleChange>();
        foreach (var (id, (rule, fields)) in current)
        {
            if (!old.TryGetValue(id, out var previous))
            {
                changes.Add(new RuleChange(id, rule.Name, RuleChangeKind.Added, Compare(new Dictionary<string, string>(), fields)));
                continue;
            }
            var differences = Compare(previous.Fields, fields);
            if (differences.Count > 0)
            {
                changes.Add(new RuleChange(id, rule.Name, RuleChangeKind.Changed, differences));
            }
        }
        foreach (var (id, (rule, fields)) in old.Where(o => !current.ContainsKey(o.Key)))
        {
            changes.Add(new RuleChange(id, rule.Name, RuleChangeKind.Removed, Compare(fields, new Dictionary<string, string>())));
        }
        var compliance = Compare(
            Flatten(JsonNode.Parse(RuleSetSerializer.Serialize(new RuleSetDocument { Compliance = before.Compliance }))!["compliance"], ""),
            Flatten(JsonNode.Parse(RuleSetSerializer.Serialize(new RuleSetDocument { Compliance = after.Compliance }))!["compliance"], ""));
        return new RuleSetChanges(changes, compliance);
    }

    private static Dictionary<string, (RuleDefinition Rule, Dictionary<string, string> Fields)> Indexed(RuleSetDocument document)
    {
        var result = new Dictionary<string, (RuleDefinition, Dictionary<string, string>)>(StringComparer.Ordinal);
        for (var position = 0; position < document.Rules.Count; position++)
        {
            var rule = document.Rules[position];
            var fields = Flatten(JsonNode.Parse(RuleSetSerializer.SerializeRule(rule)), "");
            fields["position"] = (position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            result[rule.Id] = (rule, fields);
        }
        return result;
    }

    private static List<FieldChange> Compare(Dictionary<string, string> before, Dictionary<string, string> after)
    {
        var changes = new List<FieldChange>();
        foreach (var field in before.Keys.Union(after.Keys).Where(f => f != "id"))
        {
            var (was, now) = (before.GetValueOrDefault(field), after.GetValueOrDefault(field));
            if (was != now)
            {
                changes.Add(new FieldChange(field, was, now));
            }
        }
        return changes;
    }

    private static Dictionary<string, string> Flatten(JsonNode? node, string path, Dictionary<string, string>? into = null)
    {
        into ??= new Dictionary<string, string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    Flatten(child, path.Length == 0 ? name : $"{path}.{name}", into);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], $"{path}[{i}]", into);
                }
                if (array.Count == 0)
                {
                    into[path] = "[]";
                }
                break;
            case null:
                break;
            default:
                into[path] = node.ToJsonString();
                break;
        }
        return into;
    }
}
