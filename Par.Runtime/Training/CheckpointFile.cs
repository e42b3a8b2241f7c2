using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Par.Runtime.Data;
using TorchSharp.PyBridge;
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
/// Saving is atomic: the archive is written to a temporary file in the same folder, flushed to disk and
/// moved over the old checkpoint, so a crash never leaves a half-written checkpoint behind.
/// </summary>
public static class CheckpointFile
{
    public const int FormatVersion = 1;
    private const string ManifestEntry = "manifest.json";
    private const string ModelEntry = "model.safetensors";
    private const string OptimizerEntry = "optimizer.safetensors";
    private const string MemoryEntry = "memory.safetensors";

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> atomically, creating the folder if needed.</summary>
    public static void Save(string path, TrainingCheckpoint checkpoint)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                using (var archive = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    WriteEntry(archive, ManifestEntry, stream => JsonSerializer.Serialize(stream, Manifest.From(checkpoint)));
                    WriteTensors(archive, ModelEntry, checkpoint.ModelState);
                    WriteTensors(archive, OptimizerEntry, checkpoint.OptimizerState);
                    if (checkpoint.MemoryState is { Count: > 0 } memory)
                    {
                        WriteTensors(archive, MemoryEntry, memory);
                    }
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads a checkpoint; the caller disposes it.</summary>
    public static TrainingCheckpoint Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CorpusException(path, "checkpoint not found.");
        }

        using var archive = ZipFile.OpenRead(path);
        var manifestEntry = archive.GetEntry(ManifestEntry) ?? throw new InvalidDataException($"{path}: not a Par checkpoint (no {ManifestEntry}).");
        Manifest manifest;
        using (var stream = manifestEntry.Open())
        {
            manifest = JsonSerializer.Deserialize<Manifest>(stream) ?? throw new InvalidDataException($"{path}: empty manifest.");
        }

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
            ReadTensors(archive, ModelEntry)!,
            ReadTensors(archive, OptimizerEntry)!,
            ReadTensors(archive, MemoryEntry));
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

    private static void WriteEntry(ZipArchive archive, string name, Action<Stream> write)
    {
        using var stream = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
        write(stream);
    }

    // Safetensors wants contiguous tensors and a seekable stream, hence the buffer.
    private static void WriteTensors(ZipArchive archive, string name, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        var contiguous = tensors.ToDictionary(pair => pair.Key, pair => pair.Value.detach().contiguous());
        using var buffer = new MemoryStream();
        Safetensors.SaveStateDict(buffer, contiguous, leaveOpen: true);
        WriteEntry(archive, name, stream => stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static IReadOnlyDictionary<string, Tensor>? ReadTensors(ZipArchive archive, string name)
    {
        var entry = archive.GetEntry(name);
        if (entry is null)
        {
            return null;
        }

        var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        var tensors = Safetensors.LoadStateDict(buffer, leaveOpen: false);
        foreach (var tensor in tensors.Values)
        {
            tensor.DetachFromDisposeScope();
        }

        return tensors;
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
