using System.Reflection;

namespace Par.Runtime.Tests;

/// <summary>Par.Runtime's namespaces depend on each other one way only, so each can be read (and moved) knowing only those below it.</summary>
public class NamespaceDependencyTests
{
    private static readonly Assembly Project = typeof(Par.Runtime.Models.LayoutModel).Assembly;

    [Fact]
    public void The_namespaces_form_a_dag()
    {
        var cycles = NamespaceGraph.Cycles(Project);

        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_graph_sees_a_dependency_the_code_has()
    {
        Assert.Contains("Par.Runtime.Data", NamespaceGraph.Edges(Project)["Par.Runtime.Training"].Keys);
    }
}
