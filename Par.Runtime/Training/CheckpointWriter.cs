using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// Writes the payload entries of a checkpoint being saved by <see cref="CheckpointArchive.Write{TManifest}"/> and
/// records each payload's SHA-256, which the manifest then lists.
/// </summary>
public sealed class CheckpointWriter
{
    private readonly ZipArchive archive;
    private readonly Dictionary<string, string> digests = new(StringComparer.Ordinal);

    internal CheckpointWriter(ZipArchive archive) => this.archive = archive;

    /// <summary>Entry name → lower-case hex SHA-256 of its payload, for every entry written so far.</summary>
    public IReadOnlyDictionary<string, string> Digests => digests;

    public void WriteBytes(string name, ReadOnlySpan<byte> payload)
    {
        if (name == CheckpointArchive.ManifestEntry || digests.ContainsKey(name))
        {
            throw new ArgumentException($"The checkpoint already has an entry '{name}'.", nameof(name));
        }

        WriteEntry(archive, name, payload);
        digests[name] = CheckpointArchive.Sha256(payload);
    }

    // Safetensors wants contiguous tensors and a seekable stream, hence the buffer.
    public void WriteTensors(string name, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        var contiguous = tensors.ToDictionary(pair => pair.Key, pair => pair.Value.detach().cpu().contiguous());
        using var buffer = new MemoryStream();
        Safetensors.SaveStateDict(buffer, contiguous, leaveOpen: true);
        WriteBytes(name, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>An entry <paramref name="write"/> fills in binary (e.g. TorchSharp's own optimizer state).</summary>
    public void WriteBinary(string name, Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        WriteBytes(name, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    internal static void WriteEntry(ZipArchive archive, string name, ReadOnlySpan<byte> payload)
    {
        using var stream = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(payload);
    }
}
