using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Par.Runtime.Training;
using Xunit;

namespace Par.Tests.Shared;

/// <summary>
/// Damages checkpoints the way disks and hands do: a flipped bit, a deleted entry; or forges them the way a buggy
/// writer would, rewriting entries and sealing the file with fresh digests, so that only the field checks can refuse it.
/// One source file, compiled into the test projects that read checkpoints.
/// </summary>
internal static class CheckpointForgery
{
    /// <summary>
    /// Flips one bit at every <c>length / flips</c>-th byte of the checkpoint at <paramref name="path"/> and at every byte
    /// of its last 100 (the zip's end record and seal), one at a time, and calls <paramref name="resume"/> on each damaged
    /// file. Returns how many positions were tried and those where it was not refused: <paramref name="resume"/> did not
    /// throw a <see cref="CheckpointException"/> naming the file, or the file did not stay as it was.
    /// </summary>
    public static (int Tried, List<int> NotRefused) FlipEachBit(string path, int flips, Action resume)
    {
        var intact = File.ReadAllBytes(path);
        var positions = Enumerable.Range(0, intact.Length).Where(position => position % (intact.Length / flips) == 0 || position >= intact.Length - 100).ToList();
        var notRefused = positions.Where(position =>
        {
            var damaged = (byte[])intact.Clone();
            damaged[position] ^= (byte)(1 << (position % 8));
            File.WriteAllBytes(path, damaged);
            var error = Record.Exception(resume);
            var refused = error is CheckpointException && error.Message.StartsWith(path, StringComparison.Ordinal);
            return !refused || !File.ReadAllBytes(path).SequenceEqual(damaged);
        }).ToList();
        return (positions.Count, notRefused);
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
