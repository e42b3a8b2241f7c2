using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Par.Dsl.Model;
using Par.Runtime.Files;

namespace Par.Search.Latency;

/// <summary>
/// A JSON file of measured <see cref="BlockLatencyTable"/>s keyed by device, widths and context, so a
/// search on the same machine and shapes reuses the measurement instead of timing blocks again.
/// </summary>
public sealed class LatencyTableCache
{
    /// <summary>The cache's name where a search keeps it beside its output unless told otherwise.</summary>
    public const string DefaultFileName = "block-latency.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public LatencyTableCache(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    public string Path { get; }

    /// <summary>The cached table for this device and shape, or null.</summary>
    public BlockLatencyTable? Find(string device, HyperParameters hp)
    {
        var key = BlockLatencyTable.KeyFor(device, hp);
        return ReadAll().FirstOrDefault(table => table.Key == key);
    }

    /// <summary>Adds or replaces the table with the same key.</summary>
    public void Store(BlockLatencyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var tables = ReadAll().Where(existing => existing.Key != table.Key).Append(table).OrderBy(existing => existing.Key, StringComparer.Ordinal).ToList();
        AtomicFile.WriteAllText(Path, JsonSerializer.Serialize(tables, JsonOptions));
    }

    /// <summary>The cached table, or a fresh measurement that is then cached.</summary>
    public BlockLatencyTable GetOrMeasure(string device, HyperParameters hp, Func<BlockLatencyTable> measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        if (Find(device, hp) is { } cached)
        {
            return cached;
        }

        var measured = measure();
        Store(measured);
        return measured;
    }

    private IReadOnlyList<BlockLatencyTable> ReadAll()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        List<BlockLatencyTable>? tables;
        try
        {
            tables = JsonSerializer.Deserialize<List<BlockLatencyTable>>(File.ReadAllText(Path), JsonOptions);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{Path} is not a block latency cache ({exception.Message}). Delete it and the blocks are measured again.", exception);
        }

        foreach (var table in tables ?? [])
        {
            if (table is null || !IsLatency(table.AttentionMs) || !IsLatency(table.FeedForwardMs))
            {
                throw new InvalidDataException($"{Path} holds an entry without finite, non-negative latencies ({table?.Key ?? "null"}). Delete it and the blocks are measured again.");
            }
        }

        return tables ?? [];
    }

    private static bool IsLatency(double milliseconds) => double.IsFinite(milliseconds) && milliseconds >= 0;
}
