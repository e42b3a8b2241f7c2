namespace Par.Search.Tests;

public sealed class NamespaceDependencyTests() : NamespaceDependencyFacts(
    typeof(Par.Search.Experiment.SearchExperiment).Assembly,
    "Par.Search.Derivation",
    "Par.Search.Space");
