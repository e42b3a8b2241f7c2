namespace Par.Search.Tests;

/// <summary>
/// The cycle not broken yet: the root namespace is both the entry point (ArchitectureSearch runs every part) and
/// the home of records every part reads (SearchOptions, SamplingMode, SearchPhase); breaking it moves those
/// records, which issue 12's options and supernet work rewrites.
/// </summary>
public sealed class NamespaceDependencyTests() : NamespaceDependencyFacts(
    typeof(Par.Search.Experiment.SearchExperiment).Assembly,
    "Par.Search.Derivation",
    "Par.Search.Space",
    "Par.Search, Par.Search.Checkpoints, Par.Search.Derivation, Par.Search.Gradients, Par.Search.Latency, Par.Search.Progress");
