using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Par.Runtime.Serialization;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Par.Runtime.Training;

/// <summary>
/// The entries of a checkpoint, read whole and verified by <see cref="CheckpointArchive.Read"/>. Parsing one that does
/// not parse, or asking for one the checkpoint lacks, is a <see cref="CheckpointException"/> naming the file and entry.
/// </summary>
public sealed class CheckpointReader
{
    // A missing property or a null where the manifest's records allow none is a damaged manifest, not a null later on.
    internal static readonly JsonSerializerOptions ManifestJson = new() { RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true };

    private readonly IReadOnlyDictionary<string, byte[]> payloads;

    internal CheckpointReader(string path, IReadOnlyDictionary<string, byte[]> payloads)
    {
        Path = path;
        this.payloads = payloads;
    }

    public string Path { get; }

    public bool Contains(string name) => payloads.ContainsKey(name);

    public T ReadManifest<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(ReadBytes(CheckpointArchive.ManifestEntry), ManifestJson)
                ?? throw new CheckpointException(Path, $"{CheckpointArchive.ManifestEntry} is empty.");
        }
        catch (JsonException exception)
        {
            throw new CheckpointException(Path, $"{CheckpointArchive.ManifestEntry} is not a valid manifest ({exception.Message}).");
        }
    }

    public byte[] ReadBytes(string name) =>
        payloads.TryGetValue(name, out var payload) ? payload : throw new CheckpointException(Path, $"the checkpoint has no entry {name}.");

    /// <summary>The entry's tensors, detached from every dispose scope: the caller owns them. Each must be finite (<see cref="FiniteTensors"/>).</summary>
    public IReadOnlyDictionary<string, Tensor> ReadTensors(string name)
    {
        var payload = ReadBytes(name);
        Dictionary<string, Tensor> tensors;
        try
        {
            tensors = Safetensors.LoadStateDict(new MemoryStream(payload, writable: false), leaveOpen: false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Whatever the safetensors reader trips over (JSON, sizes, dtypes), the entry is at fault.
            throw new CheckpointException(Path, $"entry {name} is not a valid safetensors file ({exception.Message}).");
        }

        foreach (var tensor in tensors.Values)
        {
            tensor.DetachFromDisposeScope();
        }

        if (FiniteTensors.Problem(tensors) is { } problem)
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw new CheckpointException(Path, $"entry {name}: {problem}");
        }

        return tensors;
    }
}
