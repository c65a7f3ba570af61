using Mono.Cecil;
using Mono.Cecil.Cil;

namespace SmsPortal.Tests.Architecture;

/// <summary>
/// Which namespaces of one assembly use which, read from its IL: signatures, base types, attributes and every
/// type, method and field a method body touches. NetArchTest answers "does A depend on B" one pair at a time;
/// finding cycles needs the whole graph at once.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, HashSet<string>> _edges = [];
    private readonly Dictionary<(string From, string To), SortedSet<string>> _why = [];

    public NamespaceGraph(string assemblyPath, string rootNamespace)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var from = NamespaceOf(type);
            if (!from.StartsWith(rootNamespace, StringComparison.Ordinal))
            {
                continue;
            }
            var targets = _edges.TryGetValue(from, out var set) ? set : _edges[from] = [];
            foreach (var used in Uses(type))
            {
                var to = NamespaceOf(used.GetElementType());
                if (to != from && to.StartsWith(rootNamespace, StringComparison.Ordinal) && used.Scope == module)
                {
                    targets.Add(to);
                    var reasons = _why.TryGetValue((from, to), out var r) ? r : _why[(from, to)] = [];
                    reasons.Add($"{type.Name} uses {used.GetElementType().Name}");
                }
            }
        }
    }

    public IReadOnlyCollection<string> Namespaces => _edges.Keys;

    /// <summary>Which types make <paramref name="from"/> use <paramref name="to"/>, for the failure message.</summary>
    public IEnumerable<string> Why(string from, string to) => _why.TryGetValue((from, to), out var reasons) ? reasons : [];

    public IReadOnlySet<string> UsedBy(string ns) => _edges.TryGetValue(ns, out var set) ? set : new HashSet<string>();

    /// <summary>Every group of nodes that reach each other (Tarjan's strongly connected components of size &gt; 1).</summary>
    public static List<List<string>> StronglyConnected(IReadOnlyDictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (stack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    components.Add([.. component.Order()]);
                }
            }
        }
        foreach (var node in edges.Keys.Order().Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }
        return components;
    }

    private static string NamespaceOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }
        return type.Namespace;
    }

    private static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        if (type.BaseType is not null)
        {
            yield return type.BaseType;
        }
        foreach (var reference in type.Interfaces.Select(i => i.InterfaceType)
                     .Concat(type.CustomAttributes.Select(a => a.AttributeType))
                     .Concat(type.Fields.Select(f => f.FieldType))
                     .Concat(type.Properties.Select(p => p.PropertyType))
                     .Concat(type.Methods.SelectMany(MethodUses)))
        {
            foreach (var part in Expand(reference))
            {
                yield return part;
            }
        }
    }

    private static IEnumerable<TypeReference> MethodUses(MethodDefinition method)
    {
        yield return method.ReturnType;
        foreach (var parameter in method.Parameters)
        {
            yield return parameter.ParameterType;
        }
        foreach (var attribute in method.CustomAttributes)
        {
            yield return attribute.AttributeType;
        }
        if (!method.HasBody)
        {
            yield break;
        }
        foreach (var variable in method.Body.Variables)
        {
            yield return variable.VariableType;
        }
        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference t:
                    yield return t;
                    break;
                case MethodReference m:
                    yield return m.DeclaringType;
                    yield return m.ReturnType;
                    break;
                case FieldReference f:
                    yield return f.DeclaringType;
                    yield return f.FieldType;
                    break;
            }
        }
    }

    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        yield return type;
        if (type is GenericInstanceType generic)
        {
            foreach (var argument in generic.GenericArguments.SelectMany(Expand))
            {
                yield return argument;
            }
        }
        if (type is TypeSpecification { ElementType: { } element } && element != type)
        {
            foreach (var inner in Expand(element))
            {
                yield return inner;
            }
        }
    }
}
