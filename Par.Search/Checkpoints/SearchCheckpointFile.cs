using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Par.Dsl.Model;
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
    // 4: the settings are the option values (SearchCheckpointKey), not report text. 3 stored report lines; 2 had no
    // entry digests or seal; 1 predates the weight optimiser's two parameter groups (matrices decay, the rest do not).
    // All are refused.
    public const int FormatVersion = 4;
    private const string Kind = "search checkpoint";
    private const string SupernetEntry = "supernet.safetensors";
    private const string WeightOptimizerEntry = "weight-optimizer.bin";
    private const string ArchitectureOptimizerEntry = "architecture-optimizer.bin";
    private const string WeightMemoryEntry = "weight-memory.safetensors";
    private const string ArchitectureMemoryEntry = "architecture-memory.safetensors";

    private readonly SearchCheckpointKey key;
    private readonly int steps;

    /// <param name="checkpointing">Where and how often.</param>
    /// <param name="key">What a resumed search must share with the saved one.</param>
    /// <param name="steps">The search's steps, which a saved state may not exceed.</param>
    public SearchCheckpointFile(SearchCheckpointing checkpointing, SearchCheckpointKey key, int steps)
    {
        Path = checkpointing.Path;
        Every = checkpointing.Every;
        this.key = key;
        this.steps = steps;
    }

    public string Path { get; }

    /// <summary>Steps between the periodic saves.</summary>
    public int Every { get; }

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
        digests => new Manifest(FormatVersion, new Dictionary<string, string>(digests), key.ToJson(), state));

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
        var differences = key.DifferencesFrom(manifest.Settings);
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

    private sealed record Manifest(int FormatVersion, Dictionary<string, string> Entries, JsonObject Settings, SearchCheckpointState State);
}
