using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Par.Runtime.Files;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Serialization;

/// <summary>
/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON, then
/// the raw little-endian tensor bytes. The JSON maps each tensor name to <c>{"dtype", "shape", "data_offsets"}</c>
/// (offsets into the byte buffer) and may hold <c>"__metadata__"</c>, a map of strings to strings. Par writes the
/// metadata first, tensors in ordinal name order, and pads the header with spaces to a multiple of 8 bytes, as
/// PyTorch's writer does. Reading checks every entry and names the file and tensor in its error.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    public const string MetadataKey = "__metadata__";
    private const int HeaderAlignment = 8;

    // A header beyond this is not a real model's (safetensors' own reader refuses more than 100 MB).
    private const long MaxHeaderLength = 100_000_000;

    private static readonly IReadOnlyDictionary<string, ScalarType> DTypes = new Dictionary<string, ScalarType>
    {
        ["F64"] = ScalarType.Float64,
        ["F32"] = ScalarType.Float32,
        ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16,
        ["I64"] = ScalarType.Int64,
        ["I32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16,
        ["I8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte,
        ["BOOL"] = ScalarType.Bool,
    };

    private SafetensorsFile(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The tensors on the CPU, detached from every dispose scope: this object owns them until <see cref="Dispose"/>.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Writes <paramref name="tensors"/> and <paramref name="metadata"/> to <paramref name="path"/> atomically
    /// (<see cref="AtomicFile"/>), creating the folder if needed.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.Write(path, file => Write(file, tensors, metadata));

    /// <summary>Writes the format to <paramref name="stream"/> (see the type's remarks).</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var scope = NewDisposeScope();
        var ordered = tensors
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => (Name: pair.Key, Tensor: pair.Value.detach().cpu().contiguous()))
            .ToList();
        var header = EncodeHeader(ordered, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, tensor) in ordered)
        {
            if (tensor.numel() > 0)
            {
                stream.Write(tensor.bytes);
            }
        }
    }

    /// <summary>Reads every tensor and the metadata of <paramref name="path"/>; <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static SafetensorsFile Read(string path)
    {
        using var file = OpenForReading(path);
        var (entries, metadata) = ReadHeader(file, path);
        var dataStart = file.Position;
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in entries)
            {
                var tensor = empty(entry.Shape, entry.DType).DetachFromDisposeScope();
                tensors[entry.Name] = tensor;
                if (entry.End > entry.Begin)
                {
                    var bytes = new byte[entry.End - entry.Begin];
                    file.Position = dataStart + entry.Begin;
                    file.ReadExactly(bytes);
                    tensor.bytes = bytes;
                }
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }

        return new SafetensorsFile(tensors, metadata);
    }

    /// <summary>Only the header's metadata of <paramref name="path"/> (the header is still checked whole).</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var file = OpenForReading(path);
        return ReadHeader(file, path).Metadata;
    }

    public void Dispose()
    {
        foreach (var tensor in Tensors.Values)
        {
            tensor.Dispose();
        }
    }

    private static byte[] EncodeHeader(IReadOnlyList<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, tensor) in tensors)
            {
                if (name == MetadataKey)
                {
                    throw new ArgumentException($"A tensor cannot be named {MetadataKey}.", nameof(tensors));
                }

                var size = tensor.numel() * tensor.ElementSize;
                writer.WriteStartObject(name);
                writer.WriteString("dtype", DTypeName(name, tensor.dtype));
                writer.WriteStartArray("shape");
                foreach (var dimension in tensor.shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + size);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += size;
            }

            writer.WriteEndObject();
        }

        var padding = (HeaderAlignment - (int)(json.Length % HeaderAlignment)) % HeaderAlignment;
        json.Write(Enumerable.Repeat((byte)' ', padding).ToArray());
        return json.ToArray();
    }

    private static string DTypeName(string name, ScalarType dtype) =>
        DTypes.FirstOrDefault(pair => pair.Value == dtype).Key
        ?? throw new ArgumentException($"Tensor '{name}' has dtype {dtype}, which safetensors cannot store here (supported: {string.Join(", ", DTypes.Keys)}).");

    private static FileStream OpenForReading(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such safetensors file.", path);
        }

        RegularFile.Require(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read);
    }

    private static (List<Entry> Entries, IReadOnlyDictionary<string, string> Metadata) ReadHeader(FileStream file, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (file.Length < 8 || file.Read(lengthBytes) != 8)
        {
            throw Invalid(path, $"{file.Length} bytes is too short for a safetensors file (8-byte header length, JSON header, data).");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)Math.Min(MaxHeaderLength, file.Length - 8))
        {
            throw Invalid(path, $"header length {headerLength} exceeds the file ({file.Length} bytes) or the {MaxHeaderLength}-byte limit: not a safetensors file, or a truncated one.");
        }

        var header = new byte[headerLength];
        file.ReadExactly(header);
        var bufferLength = file.Length - 8 - (long)headerLength;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException exception)
        {
            throw Invalid(path, $"the header is not valid JSON ({exception.Message}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "the header is not a JSON object.");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<Entry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    ReadMetadataObject(property.Value, metadata, path);
                }
                else
                {
                    entries.Add(ReadEntry(property.Name, property.Value, path));
                }
            }

            CheckCoverage(entries, bufferLength, path);
            return (entries, metadata);
        }
    }

    private static void ReadMetadataObject(JsonElement element, Dictionary<string, string> metadata, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, $"{MetadataKey} must be an object of strings.");
        }

        foreach (var item in element.EnumerateObject())
        {
            metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String
                ? item.Value.GetString()!
                : throw Invalid(path, $"{MetadataKey} entry '{item.Name}' is {item.Value.ValueKind}, safetensors metadata values are strings.");
        }
    }

    private static Entry ReadEntry(string name, JsonElement element, string path)
    {
        string Where() => $"tensor '{name}'";
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !element.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(path, $"{Where()} needs \"dtype\" (a string), \"shape\" and \"data_offsets\" (arrays).");
        }

        var dtypeName = dtypeElement.GetString()!;
        if (!DTypes.TryGetValue(dtypeName, out var dtype))
        {
            throw Invalid(path, $"{Where()} has dtype '{dtypeName}'; Par reads {string.Join(", ", DTypes.Keys)}.");
        }

        var shape = shapeElement.EnumerateArray()
            .Select(dimension => dimension.TryGetInt64(out var value) && value >= 0 ? value : throw Invalid(path, $"{Where()} has a shape entry {dimension} that is not a non-negative integer."))
            .ToArray();
        var offsets = offsetsElement.EnumerateArray()
            .Select(offset => offset.TryGetInt64(out var value) && value >= 0 ? value : throw Invalid(path, $"{Where()} has a data offset {offset} that is not a non-negative integer."))
            .ToArray();
        if (offsets.Length != 2 || offsets[0] > offsets[1])
        {
            throw Invalid(path, $"{Where()} needs data_offsets [begin, end] with begin <= end, got [{string.Join(", ", offsets)}].");
        }

        var elementSize = empty(0, dtype).ElementSize;
        var expected = ByteCount(shape, elementSize)
            ?? throw Invalid(path, $"{Where()} has shape [{string.Join(", ", shape)}], whose size in bytes overflows a 64-bit count.");

        if (offsets[1] - offsets[0] != expected)
        {
            throw Invalid(path, $"{Where()} of dtype {dtypeName} and shape [{string.Join(", ", shape)}] needs {expected} bytes, but its data_offsets span {offsets[1] - offsets[0]}.");
        }

        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    // Checked: a size that wraps round to the stored span would otherwise pass and make libtorch fail natively.
    private static long? ByteCount(long[] shape, long elementSize)
    {
        try
        {
            var count = elementSize;
            foreach (var dimension in shape)
            {
                count = checked(count * dimension);
            }

            return count;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The tensors must tile the data buffer exactly: no gaps, no overlaps, nothing past the end.</summary>
    private static void CheckCoverage(List<Entry> entries, long bufferLength, string path)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expectedBegin = 0;
        foreach (var entry in entries)
        {
            if (entry.Begin != expectedBegin)
            {
                throw Invalid(path, $"tensor '{entry.Name}' starts at byte {entry.Begin} of the data, expected {expectedBegin} (tensors overlap or leave a gap).");
            }

            expectedBegin = entry.End;
        }

        if (expectedBegin != bufferLength)
        {
            throw Invalid(path, expectedBegin > bufferLength
                ? $"the tensors need {expectedBegin} bytes of data but the file holds {bufferLength}: it is truncated."
                : $"the file holds {bufferLength} bytes of data but its tensors use {expectedBegin}.");
        }
    }

    private static InvalidDataException Invalid(string path, string problem) => new($"{path}: {problem}");

    private sealed record Entry(string Name, ScalarType DType, long[] Shape, long Begin, long End);
}
