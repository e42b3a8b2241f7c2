using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Par.Runtime.Training;

namespace Par.Tests.Shared;

/// <summary>
/// Damages checkpoints the way disks and hands do: a flipped bit, a deleted entry; or forges them the way a buggy
/// writer would, rewriting entries and sealing the file with fresh digests, so that only the field checks can refuse it.
/// One source file, compiled into the test projects that read checkpoints.
/// </summary>
internal static class CheckpointForgery
{
    /// <summary>Positions to flip a bit at: every <paramref name="stride"/>-th byte, plus every byte of the last <paramref name="tail"/> (the zip's end record and seal).</summary>
    public static IEnumerable<int> Positions(int length, int stride, int tail = 100) =>
        Enumerable.Range(0, length).Where(position => position % stride == 0 || position >= length - tail);

    /// <summary>A copy of <paramref name="bytes"/> with one bit of byte <paramref name="position"/> flipped (which bit varies with the position).</summary>
    public static byte[] FlipBit(byte[] bytes, int position)
    {
        var copy = (byte[])bytes.Clone();
        copy[position] ^= (byte)(1 << (position % 8));
        return copy;
    }

    /// <summary>Deletes entry <paramref name="name"/> from the archive, leaving every other entry intact.</summary>
    public static void DropEntry(string path, string name)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Update);
        archive.GetEntry(name)!.Delete();
    }

    /// <summary>
    /// Rewrites the checkpoint at <paramref name="path"/> after <paramref name="editManifest"/> and
    /// <paramref name="editEntries"/> changed its manifest and payloads, with fresh digests and a fresh seal.
    /// </summary>
    public static void Rewrite(string path, Action<JsonObject> editManifest, Action<Dictionary<string, byte[]>>? editEntries = null)
    {
        var entries = new Dictionary<string, byte[]>();
        using (var archive = ZipFile.OpenRead(path))
        {
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                entries[entry.FullName] = buffer.ToArray();
            }
        }

        var manifest = JsonNode.Parse(entries[CheckpointArchive.ManifestEntry])!.AsObject();
        entries.Remove(CheckpointArchive.ManifestEntry);
        editManifest(manifest);
        editEntries?.Invoke(entries);
        CheckpointArchive.Write(
            path,
            writer =>
            {
                foreach (var (name, payload) in entries)
                {
                    writer.WriteBytes(name, payload);
                }
            },
            digests =>
            {
                manifest["Entries"] = JsonSerializer.SerializeToNode(digests);
                return manifest;
            });
    }
}
