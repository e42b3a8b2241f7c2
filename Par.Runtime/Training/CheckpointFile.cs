using System.Collections.Generic;
using System.IO;
using System.Linq;
using Par.Runtime.Data;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// The <c>.parckpt</c> format, a <see cref="CheckpointArchive"/> zip holding
/// <list type="bullet">
/// <item><c>manifest.json</c> — format version, the entries' SHA-256 digests, the run's settings, step, optimizer
/// step count, batcher position, torch RNG state (base64), tokenizer description and the training history;</item>
/// <item><c>model.safetensors</c> — the model's state_dict, readable by PyTorch's <c>safetensors</c>;</item>
/// <item><c>optimizer.safetensors</c> — AdamW moments (<c>exp_avg.*</c>, <c>exp_avg_sq.*</c>);</item>
/// <item><c>memory.safetensors</c> — the segment memory, when the model exposes it and it holds anything.</item>
/// </list>
/// Saving is atomic; loading verifies the whole file and checks every field (<see cref="Load"/>).
/// </summary>
public static class CheckpointFile
{
    // 2: entry digests, the file's seal and the run's settings. Format 1 carried none of them and is refused.
    public const int FormatVersion = 2;
    public const string ModelEntry = "model.safetensors";
    public const string OptimizerEntry = "optimizer.safetensors";
    public const string MemoryEntry = "memory.safetensors";
    private const string Kind = "training checkpoint";

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> atomically, creating the folder if needed.</summary>
    public static void Save(string path, TrainingCheckpoint checkpoint) => CheckpointArchive.Write(
        path,
        writer =>
        {
            writer.WriteTensors(ModelEntry, checkpoint.ModelState);
            writer.WriteTensors(OptimizerEntry, checkpoint.OptimizerState);
            if (checkpoint.MemoryState is { Count: > 0 } memory)
            {
                writer.WriteTensors(MemoryEntry, memory);
            }
        },
        digests => Manifest.From(checkpoint, digests));

    /// <summary>
    /// Reads a checkpoint, verified (<see cref="CheckpointArchive.Read"/>) and with every counter in range and the
    /// generator state of the right length; any failure is a <see cref="CheckpointException"/>. The caller disposes it.
    /// </summary>
    public static TrainingCheckpoint Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CorpusException(path, "checkpoint not found.");
        }

        var reader = CheckpointArchive.Read(path, Kind, FormatVersion);
        var manifest = reader.ReadManifest<Manifest>();
        manifest.Validate(path);
        return new TrainingCheckpoint(
            manifest.Step,
            manifest.OptimizerStepCount,
            manifest.BatcherPosition,
            manifest.TorchRngState,
            manifest.Tokenizer,
            manifest.Settings,
            manifest.History,
            reader.ReadTensors(ModelEntry),
            reader.ReadTensors(OptimizerEntry),
            reader.Contains(MemoryEntry) ? reader.ReadTensors(MemoryEntry) : null);
    }

    /// <summary>
    /// Loads only the weights of the checkpoint at <paramref name="path"/> into <paramref name="model"/> (every key,
    /// shape and type must match) and returns the checkpoint for its metadata; its tensors are already disposed.
    /// </summary>
    public static TrainingCheckpoint LoadWeights(string path, nn.Module model)
    {
        using var checkpoint = Load(path);
        CheckpointChecks.SameTensors(path, ModelEntry, model.state_dict(), checkpoint.ModelState);
        model.load_state_dict(checkpoint.ModelState.ToDictionary(pair => pair.Key, pair => pair.Value), strict: true);
        return checkpoint;
    }

    private sealed record Manifest(
        int FormatVersion,
        Dictionary<string, string> Entries,
        TrainingRunSettings Settings,
        int Step,
        long OptimizerStepCount,
        long BatcherPosition,
        byte[] TorchRngState,
        TokenizerDescription Tokenizer,
        List<TrainingRecord> History)
    {
        public static Manifest From(TrainingCheckpoint checkpoint, IReadOnlyDictionary<string, string> digests) => new(
            CheckpointFile.FormatVersion,
            new Dictionary<string, string>(digests),
            checkpoint.Settings,
            checkpoint.Step,
            checkpoint.OptimizerStepCount,
            checkpoint.BatcherPosition,
            checkpoint.TorchRngState,
            checkpoint.Tokenizer,
            checkpoint.History.ToList());

        /// <summary>One segment and at most one update per step: the counters cannot pass the step, nor the history.</summary>
        public void Validate(string path)
        {
            CheckpointChecks.InRange(path, "Step", Step, 0, int.MaxValue);
            CheckpointChecks.InRange(path, "OptimizerStepCount", OptimizerStepCount, 0, Step);
            CheckpointChecks.InRange(path, "BatcherPosition", BatcherPosition, 0, Step);
            CheckpointChecks.InRange(path, "Settings.Batch", Settings.Batch, 1, int.MaxValue);
            CheckpointChecks.InRange(path, "Settings.Context", Settings.Context, 1, int.MaxValue);
            using (var live = random.get_rng_state())
            {
                CheckpointChecks.GeneratorState(path, "TorchRngState", TorchRngState, live);
            }

            var previous = 0;
            foreach (var record in History)
            {
                previous = (int)CheckpointChecks.InRange(path, "History step", record.Step, previous + 1, Step);
            }
        }
    }
}
