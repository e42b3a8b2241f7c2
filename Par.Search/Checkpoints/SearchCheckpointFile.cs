using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
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
/// uninterrupted run's (tested). The settings it was written under are stored and must match on resume.
/// </summary>
internal sealed class SearchCheckpointFile
{
    // 2: the weight optimiser holds two parameter groups (matrices decay, the rest do not).
    public const int FormatVersion = 2;
    private const string ManifestEntry = "manifest.json";
    private const string SupernetEntry = "supernet.safetensors";
    private const string WeightOptimizerEntry = "weight-optimizer.bin";
    private const string ArchitectureOptimizerEntry = "architecture-optimizer.bin";
    private const string WeightMemoryEntry = "weight-memory.safetensors";
    private const string ArchitectureMemoryEntry = "architecture-memory.safetensors";

    private readonly Dictionary<string, string> settings;

    public SearchCheckpointFile(string path, SearchSpace space, SearchOptions options, long trainingTokens)
    {
        Path = path;
        settings = Settings(space, options, trainingTokens);
    }

    public string Path { get; }

    public void Save(SearchCheckpointState state, SearchRuntime runtime) => CheckpointArchive.WriteAtomically(Path, archive =>
    {
        CheckpointArchive.WriteJson(archive, ManifestEntry, new Manifest(FormatVersion, settings, state));
        CheckpointArchive.WriteTensors(archive, SupernetEntry, runtime.Supernet.state_dict());
        WriteOptimizer(archive, WeightOptimizerEntry, runtime.WeightOptimizer);
        WriteOptimizer(archive, ArchitectureOptimizerEntry, runtime.ArchitectureOptimizer);
        if (runtime.WeightMemory is { } weightMemory)
        {
            CheckpointArchive.WriteTensors(archive, WeightMemoryEntry, weightMemory.StateDict());
        }

        if (runtime.ArchitectureMemory is { } architectureMemory)
        {
            CheckpointArchive.WriteTensors(archive, ArchitectureMemoryEntry, architectureMemory.StateDict());
        }
    });

    /// <summary>Restores everything into <paramref name="runtime"/> and returns the counters and history to continue from.</summary>
    public SearchCheckpointState Load(SearchRuntime runtime, Device device)
    {
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException($"{Path}: no search checkpoint to resume from.", Path);
        }

        using var archive = OpenArchive();
        var manifest = CheckpointArchive.ReadJson<Manifest>(archive, ManifestEntry, Path);
        if (manifest.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"{Path}: search checkpoint format {manifest.FormatVersion}, this Par reads format {FormatVersion}.");
        }

        var differences = settings.Keys.Union(manifest.Settings.Keys)
            .Where(key => settings.GetValueOrDefault(key) != manifest.Settings.GetValueOrDefault(key))
            .Select(key => $"{key} {manifest.Settings.GetValueOrDefault(key) ?? "(none)"} -> {settings.GetValueOrDefault(key) ?? "(none)"}")
            .ToList();
        if (differences.Count > 0)
        {
            throw new InvalidDataException($"{Path}: written by a different search; resume with the same space, data and settings ({string.Join("; ", differences)}).");
        }

        var supernetState = CheckpointArchive.ReadTensors(archive, SupernetEntry) ?? throw new InvalidDataException($"{Path}: no {SupernetEntry}.");
        try
        {
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

        ReadOptimizer(archive, WeightOptimizerEntry, runtime.WeightOptimizer);
        ReadOptimizer(archive, ArchitectureOptimizerEntry, runtime.ArchitectureOptimizer);
        LoadMemory(archive, WeightMemoryEntry, runtime.WeightMemory, device);
        LoadMemory(archive, ArchitectureMemoryEntry, runtime.ArchitectureMemory, device);
        manifest.State.RestoreInto(runtime);
        return manifest.State;
    }

    private ZipArchive OpenArchive()
    {
        try
        {
            return ZipFile.OpenRead(Path);
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"{Path}: not a search checkpoint ({exception.Message}).", exception);
        }
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

    private static void WriteOptimizer(ZipArchive archive, string name, OptimizerHelper optimizer) =>
        CheckpointArchive.WriteEntry(archive, name, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            optimizer.save_state_dict(writer);
        });

    private void ReadOptimizer(ZipArchive archive, string name, OptimizerHelper optimizer)
    {
        var bytes = CheckpointArchive.ReadBytes(archive, name) ?? throw new InvalidDataException($"{Path}: no {name}.");
        using var reader = new BinaryReader(new MemoryStream(bytes));
        optimizer.load_state_dict(reader);
    }

    private static void LoadMemory(ZipArchive archive, string name, SegmentMemory? memory, Device device)
    {
        if (memory is null)
        {
            return;
        }

        var state = CheckpointArchive.ReadTensors(archive, name) ?? new Dictionary<string, Tensor>();
        memory.LoadStateDict(state, device);
        foreach (var tensor in state.Values)
        {
            tensor.Dispose();
        }
    }

    private sealed record Manifest(int FormatVersion, Dictionary<string, string> Settings, SearchCheckpointState State);
}
