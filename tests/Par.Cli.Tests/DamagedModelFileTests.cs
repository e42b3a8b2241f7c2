using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Par.Cli.Tests.Infrastructure;
using Par.Runtime.Export;
using Par.Runtime.Serialization;

namespace Par.Cli.Tests;

/// <summary>Model files damaged in ways their format still parses: each is bad input naming the file and what is wrong.</summary>
public class DamagedModelFileTests(TrainedRun run) : IClassFixture<TrainedRun>
{
    private const string Tensor = "output.bias";

    [Fact]
    public void A_shape_whose_byte_count_overflows_to_the_stored_size_is_bad_input_naming_the_tensor()
    {
        using var folder = new TemporaryFolder();
        var damaged = folder.File("overflow.safetensors");
        long overflowing = 0;
        RewriteHeader(damaged, header =>
        {
            // 2^62 + n float32 elements take 2^64 + 4n bytes, which wraps round to the 4n bytes stored.
            var entry = header[Tensor]!;
            var offsets = entry["data_offsets"]!.AsArray().Select(offset => (long)offset!).ToArray();
            overflowing = (1L << 62) + (offsets[1] - offsets[0]) / 4;
            entry["shape"] = new JsonArray(overflowing);
        });

        foreach (var result in new[] { Eval(folder, damaged), Export(folder, damaged) })
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains($"{damaged}: tensor '{Tensor}' has shape [{overflowing}]", result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr);
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_non_finite_weight_is_bad_input_naming_the_file_and_tensor(float value)
    {
        using var folder = new TemporaryFolder();
        var damaged = folder.File("non-finite.safetensors");
        using (var file = SafetensorsFile.Read(run.ExportedWeights))
        {
            var bytes = file.Tensors[Tensor].bytes.ToArray();
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            file.Tensors[Tensor].bytes = bytes;
            SafetensorsFile.Write(damaged, file.Tensors, file.Metadata);
        }

        var generate = ParProcess.Run(folder.Path, "generate", damaged, "--prompt", "Call me", "--tokens", "4");
        foreach (var result in new[] { Eval(folder, damaged), generate, Export(folder, damaged) })
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains($"{damaged}: tensor '{Tensor}' holds a non-finite value", result.Stderr);
        }
    }

    [Fact]
    public void An_invalid_model_in_the_metadata_is_named_by_its_first_error_not_printed_whole()
    {
        using var folder = new TemporaryFolder();
        var damaged = folder.File("bad-model.safetensors");
        using (var file = SafetensorsFile.Read(run.ExportedWeights))
        {
            var metadata = file.Metadata.ToDictionary();
            metadata[ModelMetadata.ModelKey] = metadata[ModelMetadata.ModelKey].Replace("d_model = 16", "d_model = sixteen");
            SafetensorsFile.Write(damaged, file.Tensors, metadata);
        }

        var result = Eval(folder, damaged);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches($@"{Regex.Escape(damaged)}: its '{ModelMetadata.ModelKey}' metadata does not describe one valid fixed-layout model: line \d+, column \d+: PAR\d+ .*sixteen", result.Stderr);
        Assert.DoesNotContain("layout = ", result.Stderr);
    }

    private CliResult Eval(TemporaryFolder folder, string model) =>
        ParProcess.Run(folder.Path, "eval", model, "--data", run.Corpus, "--tokens", "bytes", "--batch", "2", "--segments", "1");

    private static CliResult Export(TemporaryFolder folder, string model) =>
        ParProcess.Run(folder.Path, "export", model, "--pytorch", "--out", folder.File("exported"));

    /// <summary>A copy of the run's exported weights at <paramref name="path"/>, its JSON header edited by <paramref name="edit"/>.</summary>
    private void RewriteHeader(string path, Action<JsonObject> edit)
    {
        var bytes = File.ReadAllBytes(run.ExportedWeights);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(bytes.AsSpan(8, headerLength))!.AsObject();
        edit(header);
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        File.WriteAllBytes(path, [.. length, .. json, .. bytes.AsSpan(8 + headerLength)]);
    }
}
