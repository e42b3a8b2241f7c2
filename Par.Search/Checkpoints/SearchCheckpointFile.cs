using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using Par.Runtime.Training;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Space;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Search.Checkpoints;

/// <summary>
/// A search checkpoint (<c>.parsearch</c>, a <see cref="CheckpointArchive"/> zip): the supernet's weights and logits,
/// both optimisers' state, both streams' positions and memories, torch's and the path sampler's random states, the
/// probability history and the counters. Resuming from it continues the search exactly: the result equals an
/// uninterrupted run's (tested). The settings it was written under are stored and must match on resume; the file is
/// verified whole and every field checked before anything is restored (<see cref="CheckpointException"/>).
/// </summary>
internal sealed class SearchCheckpointFile
{
    // 3: entry digests and the file's seal. 2 had neither; 1 predates the weight optimiser's two parameter groups
    // (matrices decay, the rest do not). Both are refused.
    public const int FormatVersion = 3;
    private const string Kind = "search checkpoint";
    private const string SupernetEntry = "supernet.safetensors";
    private const string WeightOptimizerEntry = "weight-optimizer.bin";
    private const string ArchitectureOptimizerEntry = "architecture-optimizer.bin";
    private const string WeightMemoryEntry = "weight-memory.safetensors";
    private const string ArchitectureMemoryEntry = "architecture-memory.safetensors";

    private readonly Dictionary<string, string> settings;
    private readonly int steps;

    public SearchCheckpointFile(string path, SearchSpace space, SearchOptions options, long trainingTokens)
    {
        Path = path;
        settings = Settings(space, options, trainingTokens);
        steps = options.Steps;
    }

    public string Path { get; }

    public void Save(SearchCheckpointState state, SearchRuntime runtime) => CheckpointArchive.Write(
        Path,
        writer =>
        {
            writer.WriteTensors(SupernetEntry, runtime.Supernet.state_dict());
            writer.WriteBinary(WeightOptimizerEntry, runtime.WeightOptimizer.save_state_dict);
            writer.WriteBinary(ArchitectureOptimizerEntry, runtime.ArchitectureOptimizer.save_state_dict);
            if (runtime.WeightMemory is { } weightMemory)
            {
                writer.WriteTensors(WeightMemoryEntry, weightMemory.StateDict());
            }

            if (runtime.ArchitectureMemory is { } architectureMemory)
            {
                writer.WriteTensors(ArchitectureMemoryEntry, architectureMemory.StateDict());
            }
        },
        digests => new Manifest(FormatVersion, new Dictionary<string, string>(digests), settings, state));

    /// <summary>
    /// Restores everything into <paramref name="runtime"/> and returns the counters and history to continue from;
    /// <paramref name="layers"/> are the search's layers (its initial probabilities), which the stored history must match.
    /// </summary>
    public SearchCheckpointState Load(SearchRuntime runtime, Device device, IReadOnlyList<LayerProbabilities> layers)
    {
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException($"{Path}: no search checkpoint to resume from.", Path);
        }

        var reader = CheckpointArchive.Read(Path, Kind, FormatVersion);
        var manifest = reader.ReadManifest<Manifest>();
        var differences = settings.Keys.Union(manifest.Settings.Keys)
            .Where(key => settings.GetValueOrDefault(key) != manifest.Settings.GetValueOrDefault(key))
            .Select(key => $"{key} {manifest.Settings.GetValueOrDefault(key) ?? "(none)"} -> {settings.GetValueOrDefault(key) ?? "(none)"}")
            .ToList();
        if (differences.Count > 0)
        {
            throw new CheckpointException(Path, $"written by a different search; resume with the same space, data and settings ({string.Join("; ", differences)}).");
        }

        manifest.State.Validate(Path, steps, layers, runtime);
        var supernetState = reader.ReadTensors(SupernetEntry);
        try
        {
            CheckpointChecks.SameTensors(Path, SupernetEntry, runtime.Supernet.state_dict(), supernetState);
            using (no_grad())
            {
                runtime.Supernet.load_state_dict(supernetState.ToDictionary(pair => pair.Key, pair => pair.Value.to(device)), strict: true);
            }
        }
        finally
        {
            foreach (var tensor in supernetState.Values)
            {
                tensor.Dispose();
            }
        }

        ReadOptimizer(reader, WeightOptimizerEntry, runtime.WeightOptimizer);
        ReadOptimizer(reader, ArchitectureOptimizerEntry, runtime.ArchitectureOptimizer);
        LoadMemory(reader, WeightMemoryEntry, runtime.WeightMemory, device);
        LoadMemory(reader, ArchitectureMemoryEntry, runtime.ArchitectureMemory, device);
        manifest.State.RestoreInto(runtime);
        return manifest.State;
    }

    /// <summary>What must not change between a search and its resumption.</summary>
    private static Dictionary<string, string> Settings(SearchSpace space, SearchOptions options, long trainingTokens)
    {
        string Text(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["space"] = ParPrinter.Print(space.ToSupernetModel()),
            ["training tokens"] = Text($"{trainingTokens}"),
            ["steps"] = Text($"{options.Steps}"),
            ["weights-only share"] = Text($"{options.WeightsOnlyShare}"),
            ["sampling"] = options.DescribeSampling(),
            ["batch"] = Text($"{options.BatchSize}"),
            ["weights"] = Text($"lr {options.WeightLearningRate} wd {options.WeightDecay} warmup {options.WarmupSteps} clip {options.GradientClip}"),
            ["architecture"] = Text($"lr {options.ArchitectureLearningRate} wd {options.ArchitectureWeightDecay} share {options.ArchitectureDataShare}"),
            ["final temperature"] = Text($"{options.FinalTemperature}"),
            ["latency loss"] = options.LatencyLoss == LatencyLossForm.Budget
                ? Text($"budget lambda {options.LatencyWeight} target {options.LatencyTarget} target ms {options.LatencyTargetMs}")
                : Text($"alpha {options.LatencyWeight} beta {options.LatencyExponent}"),
            ["seed"] = Text($"{options.Seed}"),
            ["memory"] = Text($"{options.UseMemory}"),
        };

        // Only when set, so checkpoints written before the prior existed still resume.
        if (options.IdentityPenalty > 0)
        {
            settings["identity penalty"] = Text($"{options.IdentityPenalty}");
        }

        return settings;
    }

    private void ReadOptimizer(CheckpointReader reader, string name, OptimizerHelper optimizer)
    {
        using var stream = new BinaryReader(new MemoryStream(reader.ReadBytes(name), writable: false));
        try
        {
            optimizer.load_state_dict(stream);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // TorchSharp's reader throws whatever the bytes lead it to (end of stream, sizes, types): the entry is at fault.
            throw new CheckpointException(Path, $"entry {name} is not this search's optimizer state ({exception.Message}).");
        }
    }

    private void LoadMemory(CheckpointReader reader, string name, SegmentMemory? memory, Device device)
    {
        if (memory is null)
        {
            return;
        }

        // Save writes a memory entry whenever the search keeps memory (a setting that must match), so it must be there.
        var state = reader.ReadTensors(name);
        try
        {
            memory.LoadStateDict(state, device);
        }
        catch (InvalidDataException exception)
        {
            throw new CheckpointException(Path, $"entry {name}: {exception.Message}");
        }
        finally
        {
            foreach (var tensor in state.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private sealed record Manifest(int FormatVersion, Dictionary<string, string> Entries, Dictionary<string, string> Settings, SearchCheckpointState State);
}
