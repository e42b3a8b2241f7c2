namespace Par.Generators.Tests;

public sealed class NamespaceDependencyTests() : NamespaceDependencyFacts(typeof(Par.Generators.ParGenerator).Assembly, "Par.Generators", "Par.Generators.Model");
