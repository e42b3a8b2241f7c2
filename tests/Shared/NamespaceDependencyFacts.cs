using System.Linq;
using System.Reflection;

namespace Par.Tests.Shared;

/// <summary>
/// A project's namespaces depend on each other one way only, so each can be read (and moved) knowing only those
/// below it. Each test assembly derives one class from this, naming its project, one dependency its code has (so
/// an empty graph cannot pass) and the cycles not broken yet, a list that may only shrink.
/// </summary>
public abstract class NamespaceDependencyFacts(Assembly project, string user, string used, params string[] knownCycles)
{
    [Fact]
    public void The_namespaces_form_a_dag_but_for_the_known_cycles()
    {
        var cycles = NamespaceGraph.Cycles(project);

        Assert.True(
            cycles.Select(cycle => string.Join(", ", cycle.Namespaces)).SequenceEqual(knownCycles),
            "Namespace cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_graph_sees_a_dependency_the_code_has() => Assert.Contains(used, NamespaceGraph.Edges(project)[user].Keys);
}
