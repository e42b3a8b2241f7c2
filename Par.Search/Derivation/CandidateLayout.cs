using Par.Dsl.Model;

namespace Par.Search.Derivation;

/// <summary>One layout the derivation considered.</summary>
/// <param name="Choices">Per space layer, the index of the chosen candidate (0 for a fixed layer).</param>
/// <param name="Layout">The layout those choices give, identities dropped.</param>
/// <param name="LogProbability">Σ over choice layers of log p(choice) under the final probabilities.</param>
/// <param name="PredictedMs">The layout's latency from the block latency table; null without a table.</param>
public sealed record CandidateLayout(EquatableArray<int> Choices, EquatableArray<Layer> Layout, double LogProbability, double? PredictedMs);
