using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Search.Progress;
using static TorchSharp.torch;

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
    /// <summary>The state of <paramref name="runtime"/> and the given counters after <paramref name="step"/> steps.</summary>
    public static SearchCheckpointState Capture(
        int step, long weightTokens, long architectureTokens, TimeSpan elapsed, TimeSpan weightsOnly, IEnumerable<ProbabilitySnapshot> history, SearchRuntime runtime)
    {
        using var torchRng = random.get_rng_state();
        using var samplingRng = runtime.Sampler.get_state();
        return new SearchCheckpointState(
            step, weightTokens, architectureTokens, elapsed.TotalSeconds, weightsOnly.TotalSeconds,
            runtime.WeightStream.Position, runtime.ArchitectureStream.Position,
            torchRng.data<byte>().ToArray(), samplingRng.data<byte>().ToArray(), From(history));
    }

    /// <summary>Puts the stream positions and both random states back into <paramref name="runtime"/>.</summary>
    public void RestoreInto(SearchRuntime runtime)
    {
        runtime.WeightStream.Position = WeightStreamPosition;
        runtime.ArchitectureStream.Position = ArchitectureStreamPosition;
        using (var state = tensor(TorchRngState))
        {
            random.set_rng_state(state);
        }

        using (var state = tensor(SamplingRngState))
        {
            runtime.Sampler.set_state(state);
        }
    }

    private static List<Snapshot> From(IEnumerable<ProbabilitySnapshot> history) =>
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
