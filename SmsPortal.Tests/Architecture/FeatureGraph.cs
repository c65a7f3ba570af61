namespace SmsPortal.Tests.Architecture;

/// <summary>
/// The app's namespaces grouped into feature folders. A feature's <c>Pages</c> and <c>Actions</c> are nodes of
/// their own: they sit on top of the feature and of the features they use (a tag handler uses Processing, which
/// uses Contacts). <c>Data</c> is left out: the DbContext maps every feature's entities by design, and every
/// feature reads through it.
/// </summary>
internal static class FeatureGraph
{
    public static string? FeatureOf(string ns)
    {
        var parts = ns.Split('.');
        if (parts.Length < 2 || parts[0] != "SmsPortal" || parts[1] == "Data")
        {
            return null;
        }
        return parts.Length > 2 && parts[2] is "Pages" or "Actions" ? $"{parts[1]}.{parts[2]}" : parts[1];
    }

    public static List<string> Cycles(NamespaceGraph graph)
    {
        var edges = new Dictionary<string, HashSet<string>>();
        foreach (var ns in graph.Namespaces)
        {
            if (FeatureOf(ns) is not { } from)
            {
                continue;
            }
            var targets = edges.TryGetValue(from, out var set) ? set : edges[from] = [];
            foreach (var used in graph.UsedBy(ns))
            {
                if (FeatureOf(used) is { } to && to != from)
                {
                    targets.Add(to);
                }
            }
        }
        return NamespaceGraph.StronglyConnected(edges)
            .Select(cycle => string.Join(" ⇄ ", cycle) + ": " + string.Join("; ", Reasons(graph, cycle)))
            .ToList();
    }

    private static IEnumerable<string> Reasons(NamespaceGraph graph, List<string> cycle) =>
        from ns in graph.Namespaces
        let source = FeatureOf(ns)
        where source is not null && cycle.Contains(source)
        from used in graph.UsedBy(ns)
        let target = FeatureOf(used)
        where target is not null && target != source && cycle.Contains(target)
        select $"{ns} → {used} ({string.Join(", ", graph.Why(ns, used).Take(3))})";
}
