namespace Par.Runtime.Tests;

public sealed class NamespaceDependencyTests() : NamespaceDependencyFacts(typeof(Par.Runtime.Models.LayoutModel).Assembly, "Par.Runtime.Training", "Par.Runtime.Data");
