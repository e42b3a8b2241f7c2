using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Par.Dsl.Model;
using Par.Runtime.Files;
using static TorchSharp.torch;

namespace Par.Search.Latency;

/// <summary>
/// A JSON file of measured <see cref="BlockLatencyTable"/>s keyed by device, widths and context, so a
/// search on the same machine and shapes reuses the measurement instead of timing blocks again. A search decides on
/// its table, so the table is the one input that carries the machine's state: measured once, by default into the
/// per-user cache (<see cref="UserCachePath"/>) that every later search on this machine and shape reuses, it makes
/// the search's answer a function of its inputs rather than of what else the machine was doing that minute.
/// A file holding tables a bench measured on a model's device (<see cref="BlockLatencyTable.IsDeviceTable"/>) is no
/// cache but that device's table: a search takes the table that fits its shape from it, as it is, and refuses one that
/// does not fit (an <see cref="InvalidDataException"/>, which the CLI reports as bad input) rather than measure this machine into it.
/// </summary>
public sealed class LatencyTableCache
{
    /// <summary>The cache's file name.</summary>
    public const string DefaultFileName = "block-latency.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public LatencyTableCache(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    public string Path { get; }

    /// <summary>
    /// The per-user cache: <c>par/block-latency.json</c> under <c>$XDG_CACHE_HOME</c>, else under <c>~/.cache</c>
    /// (the XDG base directory convention).
    /// </summary>
    public static string UserCachePath => UserCachePathFrom(Environment.GetEnvironmentVariable);

    internal static string UserCachePathFrom(Func<string, string?> environment)
    {
        var cacheHome = environment("XDG_CACHE_HOME") is { Length: > 0 } configured && System.IO.Path.IsPathRooted(configured)
            ? configured
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return System.IO.Path.Combine(cacheHome, "par", DefaultFileName);
    }

    /// <summary>The cache a search reads: the file <paramref name="path"/> names, else the per-user cache.</summary>
    public static LatencyTableCache At(string? path) => new(path ?? UserCachePath);

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
        Write(Path, ReadAll().Where(existing => existing.Key != table.Key).Append(table));
    }

    /// <summary>Writes <paramref name="tables"/> as the whole file at <paramref name="path"/>, in key order: how a bench writes a device's table.</summary>
    public static void Write(string path, IEnumerable<BlockLatencyTable> tables)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tables);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(tables.OrderBy(table => table.Key, StringComparer.Ordinal).ToList(), JsonOptions));
    }

    /// <summary>Whether the file holds a device's table, which a search only reads (none when it does not exist).</summary>
    public bool HoldsDeviceTables => ReadAll().Any(table => table.IsDeviceTable);

    /// <summary>
    /// The device table in this file that fits <paramref name="timed"/>, or null when the file holds no device table
    /// (it is a cache). Throws <see cref="InvalidDataException"/> naming the field and both values when none
    /// fits, and when several do (two devices, or one in two types), since which device the search is for is then unsaid.
    /// </summary>
    public BlockLatencyTable? FindDeviceTable(HyperParameters timed)
    {
        ArgumentNullException.ThrowIfNull(timed);
        var deviceTables = ReadAll().Where(table => table.IsDeviceTable).ToList();
        if (deviceTables.Count == 0)
        {
            return null;
        }

        var fitting = deviceTables.Where(table => table.MismatchWith(timed) is null).ToList();
        return fitting.Count switch
        {
            1 => fitting[0],
            0 => throw new InvalidDataException(
                $"{Path}: no table in it fits this search's shape; " +
                string.Join("; ", deviceTables.Select(table => $"{table.DescribeDevice()}: {table.MismatchWith(timed)}")) +
                ". Measure the device at the search's shape (bench.py --latency-table, par bench --latency-table)."),
            _ => throw new InvalidDataException(
                $"{Path}: {fitting.Count} tables fit this search's shape ({string.Join("; ", fitting.Select(table => table.DescribeDevice()))}); keep the device the search is for in a file of its own."),
        };
    }

    /// <summary>
    /// The table for <paramref name="timed"/> on <paramref name="device"/> (CPU when null): the cached one, or, when
    /// there is none or <paramref name="remeasure"/> asks, one measured now (<see cref="BlockLatencyMeasurer"/>) and cached.
    /// </summary>
    public BlockLatencyTable GetOrMeasure(HyperParameters timed, Device? device, bool remeasure = false, int warmupRuns = 5, int runs = 31) =>
        GetOrMeasure(BlockLatencyMeasurer.CurrentDevice(device), timed, () => BlockLatencyMeasurer.Measure(timed, warmupRuns, runs, device), remeasure);

    /// <summary>
    /// The file's device table for <paramref name="hp"/> when it holds device tables (<see cref="FindDeviceTable"/>);
    /// otherwise the cached table, or (none cached, or <paramref name="remeasure"/>) a fresh measurement that is then cached.
    /// </summary>
    public BlockLatencyTable GetOrMeasure(string device, HyperParameters hp, Func<BlockLatencyTable> measure, bool remeasure = false)
    {
        ArgumentNullException.ThrowIfNull(measure);
        if (FindDeviceTable(hp) is { } deviceTable)
        {
            return remeasure
                ? throw new InvalidDataException($"{Path} holds a table measured by {deviceTable.MeasuredBy} on {deviceTable.Device}; a search does not remeasure another device's table. Drop --remeasure-latency, or measure the device again with its bench.")
                : deviceTable;
        }

        if (!remeasure && Find(device, hp) is { } cached)
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
            if (table is null || string.IsNullOrEmpty(table.Device) || string.IsNullOrEmpty(table.Attention) || string.IsNullOrEmpty(table.DType)
                || !IsLatency(table.AttentionMs) || !IsLatency(table.FeedForwardMs) || !IsLatency(table.EmbeddingAndHeadMs))
            {
                throw new InvalidDataException($"{Path} holds an entry without a device or without finite, non-negative latencies ({(table?.Device is null ? "null" : table.Key)}). Delete it and the blocks are measured again.");
            }
        }

        return tables ?? [];
    }

    private static bool IsLatency(double milliseconds) => double.IsFinite(milliseconds) && milliseconds >= 0;
}
