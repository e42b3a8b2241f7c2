using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// The zip container of Par's checkpoints (training <c>.parckpt</c>, search <c>.parsearch</c>): JSON, safetensors and
/// raw entries, written atomically — to a temporary file in the same folder, flushed to disk, then moved over the
/// old file — so a crash never leaves a half-written checkpoint behind.
/// </summary>
public static class CheckpointArchive
{
    /// <summary>Writes the archive <paramref name="write"/> fills to <paramref name="path"/> atomically, creating the folder if needed.</summary>
    public static void WriteAtomically(string path, Action<ZipArchive> write)
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
                    write(archive);
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

    public static void WriteEntry(ZipArchive archive, string name, Action<Stream> write)
    {
        using var stream = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
        write(stream);
    }

    public static void WriteJson<T>(ZipArchive archive, string name, T value) =>
        WriteEntry(archive, name, stream => JsonSerializer.Serialize(stream, value));

    // Safetensors wants contiguous tensors and a seekable stream, hence the buffer.
    public static void WriteTensors(ZipArchive archive, string name, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        var contiguous = tensors.ToDictionary(pair => pair.Key, pair => pair.Value.detach().cpu().contiguous());
        using var buffer = new MemoryStream();
        Safetensors.SaveStateDict(buffer, contiguous, leaveOpen: true);
        WriteEntry(archive, name, stream => stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>The entry's JSON; <see cref="InvalidDataException"/> naming <paramref name="path"/> when it is missing or empty.</summary>
    public static T ReadJson<T>(ZipArchive archive, string name, string path)
    {
        var entry = archive.GetEntry(name) ?? throw new InvalidDataException($"{path}: not a Par checkpoint (no {name}).");
        using var stream = entry.Open();
        try
        {
            return JsonSerializer.Deserialize<T>(stream) ?? throw new InvalidDataException($"{path}: empty {name}.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path}: {name} is not valid JSON ({exception.Message}).", exception);
        }
    }

    /// <summary>The entry's bytes, or null when the archive has no such entry.</summary>
    public static byte[]? ReadBytes(ZipArchive archive, string name)
    {
        var entry = archive.GetEntry(name);
        if (entry is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        return buffer.ToArray();
    }

    /// <summary>The entry's tensors (detached from every dispose scope; the caller owns them), or null when absent.</summary>
    public static IReadOnlyDictionary<string, Tensor>? ReadTensors(ZipArchive archive, string name)
    {
        if (ReadBytes(archive, name) is not { } bytes)
        {
            return null;
        }

        var tensors = Safetensors.LoadStateDict(new MemoryStream(bytes), leaveOpen: false);
        foreach (var tensor in tensors.Values)
        {
            tensor.DetachFromDisposeScope();
        }

        return tensors;
    }
}
