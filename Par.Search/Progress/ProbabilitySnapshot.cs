using System.Collections.Generic;

namespace Par.Search.Progress;

/// <summary>The per-layer probabilities recorded at one step, kept for the heatmap and the report.</summary>
public sealed record ProbabilitySnapshot(int Step, double Temperature, IReadOnlyList<LayerProbabilities> Layers);
