namespace Par.Search.Tests;

/// <summary>
/// The cycle not broken yet: the root namespace's entry point (ArchitectureSearch) saves and resumes through
/// Checkpoints, whose key and file read the root's SearchOptions; it goes when the checkpoint key is derived from the
/// option declarations rather than from the record.
/// </summary>
public sealed class NamespaceDependencyTests() : NamespaceDependencyFacts(
    typeof(Par.Search.Experiment.SearchExperiment).Assembly,
    "Par.Search.Derivation",
    "Par.Search.Space",
    "Par.Search, Par.Search.Checkpoints");
