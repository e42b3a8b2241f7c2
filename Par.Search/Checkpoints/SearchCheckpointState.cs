using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Search.Progress;

namespace Par.Search.Checkpoints;

/// <summary>The counters, positions, random states and history of a search after <see cref="Step"/> steps.</summary>
internal sealed record SearchCheckpointState(
    int Step,
    long WeightTokens,
    long ArchitectureTokens,
    double ElapsedSeconds,
    double WeightsOnlySeconds,
    long WeightStreamPosition,
    long ArchitectureStreamPosition,
    byte[] TorchRngState,
    byte[] SamplingRngState,
    List<SearchCheckpointState.Snapshot> History)
{
    public static List<Snapshot> From(IEnumerable<ProbabilitySnapshot> history) =>
        history.Select(snapshot => new Snapshot(
            snapshot.Step,
            snapshot.Temperature,
            snapshot.Layers.Select(layer => new Layer(layer.Layer, layer.Candidates.ToArray(), layer.Probabilities.ToArray())).ToList())).ToList();

    public List<ProbabilitySnapshot> ToHistory() =>
        History.Select(snapshot => new ProbabilitySnapshot(
            snapshot.Step,
            snapshot.Temperature,
            snapshot.Layers.Select(layer => new LayerProbabilities(layer.Index, layer.Candidates.ToEquatableArray(), layer.Probabilities.ToEquatableArray())).ToList())).ToList();

    public sealed record Snapshot(int Step, double Temperature, List<Layer> Layers);

    public sealed record Layer(int Index, BlockKind[] Candidates, double[] Probabilities);
}
