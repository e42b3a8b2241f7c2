using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Training;
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
        using var samplingRng = runtime.Supernet.SamplerState();
        return new SearchCheckpointState(
            step, weightTokens, architectureTokens, elapsed.TotalSeconds, weightsOnly.TotalSeconds,
            runtime.WeightStream.Position, runtime.ArchitectureStream.Position,
            torchRng.data<byte>().ToArray(), samplingRng.data<byte>().ToArray(), From(history));
    }

    /// <summary>
    /// Refuses (<see cref="CheckpointException"/>) counters out of range for a search of <paramref name="steps"/> steps
    /// (one segment per stream and step), generator states of another length than <paramref name="runtime"/>'s (libtorch
    /// aborts on them) and a history whose layers and candidates are not <paramref name="layers"/>'.
    /// </summary>
    public void Validate(string path, int steps, IReadOnlyList<LayerProbabilities> layers, SearchRuntime runtime)
    {
        CheckpointChecks.InRange(path, "State.Step", Step, 0, steps);
        CheckpointChecks.InRange(path, "State.WeightStreamPosition", WeightStreamPosition, 0, Step);
        CheckpointChecks.InRange(path, "State.ArchitectureStreamPosition", ArchitectureStreamPosition, 0, Step);
        CheckpointChecks.InRange(path, "State.WeightTokens", WeightTokens, 0, long.MaxValue);
        CheckpointChecks.InRange(path, "State.ArchitectureTokens", ArchitectureTokens, 0, long.MaxValue);
        if (!(ElapsedSeconds >= 0 && WeightsOnlySeconds >= 0 && ElapsedSeconds <= TimeSpan.MaxValue.TotalSeconds && WeightsOnlySeconds <= ElapsedSeconds))
        {
            throw new CheckpointException(path, $"State.ElapsedSeconds {ElapsedSeconds} and WeightsOnlySeconds {WeightsOnlySeconds} are not a wall time and a part of it.");
        }

        using (var torchRng = random.get_rng_state())
        {
            CheckpointChecks.GeneratorState(path, "State.TorchRngState", TorchRngState, torchRng);
        }

        using (var samplingRng = runtime.Supernet.SamplerState())
        {
            CheckpointChecks.GeneratorState(path, "State.SamplingRngState", SamplingRngState, samplingRng);
        }

        if (History.Count == 0)
        {
            throw new CheckpointException(path, "State.History is empty; it starts with the initial probabilities.");
        }

        var previous = 0;
        foreach (var snapshot in History)
        {
            previous = (int)CheckpointChecks.InRange(path, "State.History step", snapshot.Step, previous, Step);
            var fits = snapshot.Layers.Count == layers.Count && double.IsFinite(snapshot.Temperature) && snapshot.Layers.Zip(layers).All(pair =>
                pair.First.Index == pair.Second.Layer
                && pair.First.Candidates.SequenceEqual(pair.Second.Candidates)
                && pair.First.Probabilities.Length == pair.Second.Candidates.Count
                && pair.First.Probabilities.All(probability => probability is >= 0 and <= 1));
            if (!fits)
            {
                throw new CheckpointException(path, $"State.History at step {snapshot.Step} does not hold one probability per candidate of each of the search's {layers.Count} layers.");
            }
        }
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
            runtime.Supernet.RestoreSamplerState(state);
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
