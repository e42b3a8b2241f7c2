using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;

namespace Par.Tests.Shared;

/// <summary>
/// Which of an assembly's namespaces use which others, read from the compiled code: base types, interfaces,
/// member signatures, locals and every type, field and method a method body names (its IL tokens), so a
/// dependency counts whether it came through a <c>using</c>, a qualified name or the enclosing namespace.
/// </summary>
public static class NamespaceGraph
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly OpCode[] OneByteOpCodes = new OpCode[0x100];
    private static readonly OpCode[] TwoByteOpCodes = new OpCode[0x100];

    static NamespaceGraph()
    {
        foreach (var code in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (OpCode)field.GetValue(null)!))
        {
            var value = (ushort)code.Value;
            if (code.Size == 1)
            {
                OneByteOpCodes[value] = code;
            }
            else
            {
                TwoByteOpCodes[value & 0xFF] = code;
            }
        }
    }

    /// <summary>
    /// Each set of mutually dependent namespaces of <paramref name="assembly"/> (those that start with <c>Par.</c>);
    /// empty when they form a DAG.
    /// </summary>
    public static IReadOnlyList<NamespaceCycle> Cycles(Assembly assembly)
    {
        var edges = Edges(assembly);
        var reachable = edges.Keys.ToDictionary(node => node, node => Reachable(edges, node));
        var cycles = new List<NamespaceCycle>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in edges.Keys.OrderBy(name => name, StringComparer.Ordinal))
        {
            if (reported.Contains(node) || !reachable[node].Contains(node))
            {
                continue;
            }

            var component = reachable[node].Where(other => reachable[other].Contains(node)).OrderBy(name => name, StringComparer.Ordinal).ToList();
            reported.UnionWith(component);
            cycles.Add(new NamespaceCycle(component, Describe(node, ShortestCycle(edges, node), edges)));
        }

        return cycles;
    }

    /// <summary>For each namespace, the other namespaces it uses, each with one example of a type that uses a type there.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Edges(Assembly assembly)
    {
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes().Where(type => IsOurs(type.Namespace)))
        {
            var from = type.Namespace!;
            var targets = edges.TryGetValue(from, out var existing) ? existing : edges[from] = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var used in UsedTypes(type).Where(used => used.Assembly == assembly && IsOurs(used.Namespace) && used.Namespace != from))
            {
                targets.TryAdd(used.Namespace!, $"{Outermost(type).Name} uses {Outermost(used).Name}");
            }
        }

        return edges.ToDictionary(pair => pair.Key, pair => (IReadOnlyDictionary<string, string>)pair.Value, StringComparer.Ordinal);
    }

    private static bool IsOurs(string? name) => name is not null && name.StartsWith("Par.", StringComparison.Ordinal);

    private static Type Outermost(Type type) => type.DeclaringType is { } declaring ? Outermost(declaring) : type;

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetCustomAttributesData().Select(attribute => attribute.AttributeType));
        direct.AddRange(type.GetFields(Declared).Select(field => field.FieldType));
        direct.AddRange(type.GetProperties(Declared).Select(property => property.PropertyType));
        direct.AddRange(type.GetEvents(Declared).Select(@event => @event.EventHandlerType));
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }

            direct.AddRange(method.GetParameters().Select(parameter => parameter.ParameterType));
            direct.AddRange(BodyTypes(method));
        }

        return direct.Where(used => used is not null).SelectMany(used => Expand(used!));
    }

    /// <summary>Locals and the types, fields and methods the IL names (calls, field access, newobj, castclass, ldtoken...).</summary>
    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var il = body.GetILAsByteArray() ?? Array.Empty<byte>();
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            var code = il[position] == 0xFE ? TwoByteOpCodes[il[++position]] : OneByteOpCodes[il[position]];
            position++;
            switch (code.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, position), typeArguments, methodArguments);
                    foreach (var used in MemberTypes(member))
                    {
                        yield return used;
                    }

                    break;
            }

            position += OperandSize(code, il, position);
        }
    }

    private static IEnumerable<Type> MemberTypes(MemberInfo? member) => member switch
    {
        Type type => new[] { type },
        MethodInfo { IsGenericMethod: true } generic => generic.GetGenericArguments().Append(generic.DeclaringType!),
        { DeclaringType: { } declaring } => new[] { declaring },
        _ => Array.Empty<Type>(),
    };

    private static int OperandSize(OpCode code, byte[] il, int position) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
        _ => 4,
    };

    /// <summary>The type with its element type and generic arguments, all the way down.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (var element in Expand(type.GetElementType()!))
            {
                yield return element;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return argument;
            }
        }
    }

    private static HashSet<string> Reachable(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges, string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Next(edges, start));
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (seen.Add(node))
            {
                foreach (var next in Next(edges, node))
                {
                    pending.Push(next);
                }
            }
        }

        return seen;
    }

    private static IReadOnlyList<string> ShortestCycle(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges, string start)
    {
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in Next(edges, node).OrderBy(name => name, StringComparer.Ordinal))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (var step = node; step != start; step = cameFrom[step])
                    {
                        path.Insert(1, step);
                    }

                    return path;
                }

                if (cameFrom.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        throw new InvalidOperationException($"{start} is on no cycle.");
    }

    private static string Describe(string start, IReadOnlyList<string> path, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges)
    {
        var steps = path.Skip(1).Append(start).Select((to, index) => $" -> {to} ({edges[path[index]][to]})");
        return start + string.Concat(steps);
    }

    private static IEnumerable<string> Next(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges, string node) =>
        edges.TryGetValue(node, out var targets) ? targets.Keys : Enumerable.Empty<string>();
}

/// <summary>Namespaces that all depend on each other, sorted, and the shortest cycle through the first, written <c>A -&gt; B (TypeOfA uses TypeOfB) -&gt; A (...)</c>.</summary>
public sealed record NamespaceCycle(IReadOnlyList<string> Namespaces, string Example)
{
    public override string ToString() => $"{string.Join(", ", Namespaces)} depend on each other, e.g. {Example}";
}
