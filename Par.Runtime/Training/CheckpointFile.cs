using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Par.Runtime.Data;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// The <c>.parckpt</c> format: a zip archive holding
/// <list type="bullet">
/// <item><c>manifest.json</c> — format version, step, optimizer step count, batcher position, torch RNG state
/// (base64), tokenizer description, <c>.par</c> text and the training history;</item>
/// <item><c>model.safetensors</c> — the model's state_dict, readable by PyTorch's <c>safetensors</c>;</item>
/// <item><c>optimizer.safetensors</c> — AdamW moments (<c>exp_avg.*</c>, <c>exp_avg_sq.*</c>);</item>
/// <item><c>memory.safetensors</c> — the segment memory, when the model exposes it.</item>
/// </list>
/// Saving is atomic (<see cref="CheckpointArchive.WriteAtomically"/>).
/// </summary>
public static class CheckpointFile
{
    public const int FormatVersion = 1;
    private const string ManifestEntry = "manifest.json";
    private const string ModelEntry = "model.safetensors";
    private const string OptimizerEntry = "optimizer.safetensors";
    private const string MemoryEntry = "memory.safetensors";

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> atomically, creating the folder if needed.</summary>
    public static void Save(string path, TrainingCheckpoint checkpoint) => CheckpointArchive.WriteAtomically(path, archive =>
    {
        CheckpointArchive.WriteJson(archive, ManifestEntry, Manifest.From(checkpoint));
        CheckpointArchive.WriteTensors(archive, ModelEntry, checkpoint.ModelState);
        CheckpointArchive.WriteTensors(archive, OptimizerEntry, checkpoint.OptimizerState);
        if (checkpoint.MemoryState is { Count: > 0 } memory)
        {
            CheckpointArchive.WriteTensors(archive, MemoryEntry, memory);
        }
    });

    /// <summary>Reads a checkpoint; the caller disposes it.</summary>
    public static TrainingCheckpoint Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CorpusException(path, "checkpoint not found.");
        }

        using var archive = ZipFile.OpenRead(path);
        var manifest = CheckpointArchive.ReadJson<Manifest>(archive, ManifestEntry, path);
        if (manifest.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"{path}: checkpoint format {manifest.FormatVersion}, this Par reads format {FormatVersion}.");
        }

        return new TrainingCheckpoint(
            manifest.Step,
            manifest.OptimizerStepCount,
            manifest.BatcherPosition,
            manifest.TorchRngState,
            manifest.Tokenizer,
            manifest.ParText,
            manifest.History,
            CheckpointArchive.ReadTensors(archive, ModelEntry)!,
            CheckpointArchive.ReadTensors(archive, OptimizerEntry)!,
            CheckpointArchive.ReadTensors(archive, MemoryEntry));
    }

    /// <summary>
    /// Loads only the weights of the checkpoint at <paramref name="path"/> into <paramref name="model"/> (every key must
    /// match) and returns the checkpoint for its metadata; its tensors are already disposed.
    /// </summary>
    public static TrainingCheckpoint LoadWeights(string path, nn.Module model)
    {
        using var checkpoint = Load(path);
        model.load_state_dict(checkpoint.ModelState.ToDictionary(pair => pair.Key, pair => pair.Value), strict: true);
        return checkpoint;
    }

    private sealed record Manifest(
        int FormatVersion,
        int Step,
        long OptimizerStepCount,
        long BatcherPosition,
        byte[] TorchRngState,
        TokenizerDescription Tokenizer,
        string ParText,
        List<TrainingRecord> History)
    {
        public static Manifest From(TrainingCheckpoint checkpoint) => new(
            CheckpointFile.FormatVersion,
            checkpoint.Step,
            checkpoint.OptimizerStepCount,
            checkpoint.BatcherPosition,
            checkpoint.TorchRngState,
            checkpoint.Tokenizer,
            checkpoint.ParText,
            checkpoint.History.ToList());
    }
}
