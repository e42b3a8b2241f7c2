namespace Par.Dsl.Tests;

public sealed class NamespaceDependencyTests() : NamespaceDependencyFacts(typeof(Par.Dsl.Parsing.ParParser).Assembly, "Par.Dsl.Parsing", "Par.Dsl.Model");
