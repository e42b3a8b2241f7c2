using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using Par.Runtime.Files;

namespace Par.Runtime.Training;

/// <summary>
/// The zip container of Par's checkpoints (training <c>.parckpt</c>, search <c>.parsearch</c>): payload entries, a
/// <c>manifest.json</c> that lists each payload's SHA-256 under <c>Entries</c>, and a seal over the whole file
/// (<see cref="CheckpointSeal"/>). Written atomically (<see cref="AtomicFile"/>), so a crash never leaves a half-written
/// checkpoint behind; the temporary files a killed process leaves are removed by the next write to that path, so one
/// process at a time may write a folder's checkpoints (<see cref="RunFolderLock"/>). Read back only when every check holds.
/// </summary>
public static class CheckpointArchive
{
    public const string ManifestEntry = "manifest.json";

    /// <summary>
    /// Writes the entries <paramref name="writeEntries"/> adds, then the manifest <paramref name="manifest"/> makes of
    /// their digests (it must keep them as <c>Entries</c>), then the seal, atomically to <paramref name="path"/>,
    /// creating the folder if needed.
    /// </summary>
    public static void Write<TManifest>(string path, Action<CheckpointWriter> writeEntries, Func<IReadOnlyDictionary<string, string>, TManifest> manifest)
    {
        AtomicFile.DeleteStaleTemporaries(path);
        AtomicFile.Write(path, file =>
        {
            using (var archive = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
            {
                var writer = new CheckpointWriter(archive);
                writeEntries(writer);
                CheckpointWriter.WriteEntry(archive, ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(manifest(writer.Digests)));
            }

            CheckpointSeal.Append(file);
        });
    }

    /// <summary>
    /// Reads every entry of the checkpoint at <paramref name="path"/> and verifies it: each entry's zip CRC-32, the
    /// manifest's format version (<paramref name="formatVersion"/> only), each payload against the SHA-256 the manifest
    /// lists (none missing, none unlisted) and the seal over the whole file. Any failure is a
    /// <see cref="CheckpointException"/> naming the file, and the entry where there is one.
    /// </summary>
    /// <param name="path">The checkpoint file; it must exist.</param>
    /// <param name="kind">What the file is, for messages: "training checkpoint", "search checkpoint".</param>
    /// <param name="formatVersion">The only format version read.</param>
    public static CheckpointReader Read(string path, string kind, int formatVersion)
    {
        RegularFile.Require(path);
        using var file = File.OpenRead(path);
        var payloads = ReadEntries(file, path, kind);
        var reader = new CheckpointReader(path, payloads);
        if (!payloads.ContainsKey(ManifestEntry))
        {
            throw new CheckpointException(path, $"not a {kind} (no {ManifestEntry}).");
        }

        var header = reader.ReadManifest<ManifestHeader>();
        if (header.FormatVersion != formatVersion)
        {
            throw new CheckpointException(path, header.FormatVersion < formatVersion
                ? $"{kind} format {header.FormatVersion}, written by an older Par; this Par reads format {formatVersion} only, whose entries carry digests to verify. Start the run again."
                : $"{kind} format {header.FormatVersion}, written by a newer Par; this Par reads format {formatVersion} only.");
        }

        var listed = header.Entries ?? throw new CheckpointException(path, $"damaged {kind}: {ManifestEntry} lists no entry digests.");
        foreach (var (name, digest) in listed)
        {
            if (!payloads.TryGetValue(name, out var payload))
            {
                throw new CheckpointException(path, $"damaged {kind}: entry {name} is missing.");
            }

            if (Sha256(payload) != digest)
            {
                throw new CheckpointException(path, $"damaged {kind}: entry {name} does not match its SHA-256 digest.");
            }
        }

        if (payloads.Keys.FirstOrDefault(name => name != ManifestEntry && !listed.ContainsKey(name)) is { } unlisted)
        {
            throw new CheckpointException(path, $"damaged {kind}: entry {unlisted} is not listed in {ManifestEntry}.");
        }

        if (!CheckpointSeal.Matches(file))
        {
            throw new CheckpointException(path, $"damaged {kind}: the file does not match its seal (a zip header was changed).");
        }

        return reader;
    }

    internal static string Sha256(ReadOnlySpan<byte> payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    private static Dictionary<string, byte[]> ReadEntries(Stream file, string path, string kind)
    {
        var payloads = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in archive.Entries)
            {
                using var buffer = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(buffer);
                }

                var payload = buffer.ToArray();
                if (Crc32.HashToUInt32(payload) != entry.Crc32)
                {
                    throw new CheckpointException(path, $"damaged {kind}: entry {entry.FullName} does not match its CRC-32.");
                }

                if (!payloads.TryAdd(entry.FullName, payload))
                {
                    throw new CheckpointException(path, $"damaged {kind}: entry {entry.FullName} appears twice.");
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            // The zip reader's own complaints about headers, compressed data or offsets.
            throw new CheckpointException(path, $"not a {kind}, or a damaged one ({exception.Message}).");
        }

        return payloads;
    }

    /// <summary>What every manifest starts with; the rest is the checkpoint kind's own.</summary>
    private sealed record ManifestHeader(int FormatVersion)
    {
        public Dictionary<string, string>? Entries { get; init; }
    }
}
