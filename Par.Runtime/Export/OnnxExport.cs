using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Par.Dsl.Model;
using Par.Runtime.Files;
using Par.Runtime.Serialization;
using static TorchSharp.torch;

namespace Par.Runtime.Export;

/// <summary>
/// A model as <c>model.onnx</c>, through PyTorch's own exporter (<c>torch.onnx.export</c>, opset 17) run on the
/// exported <c>par_model.py</c>: the PyTorch back-end and the weights go into a scratch folder, <c>export_onnx.py</c>
/// (embedded under <c>Export/Onnx/</c>) traces one segment with its memory, and the result is moved into place whole.
/// The graph's inputs, outputs and metadata are described in <c>export_onnx.py</c> and docs/deploy.md.
/// </summary>
public static class OnnxExport
{
    public const string ModelFile = "model.onnx";
    public const int Opset = 17;

    private const string Script = "export_onnx.py";
    private const string ResourceName = "Par.Runtime.Export.Onnx." + Script;

    /// <summary>
    /// Writes <paramref name="folder"/>/<c>model.onnx</c> for <paramref name="model"/> (weights as they are) with
    /// <paramref name="metadata"/> as its metadata properties; returns the file written. An exporter that fails throws
    /// <see cref="OnnxExportException"/> with its output; nothing in <paramref name="folder"/> changes then.
    /// </summary>
    public static string Write(string folder, nn.Module model, ParModel definition, IReadOnlyDictionary<string, string> metadata, PyTorchPython python)
    {
        ArgumentNullException.ThrowIfNull(python);
        var scratch = Directory.CreateTempSubdirectory("par-onnx-").FullName;
        try
        {
            PyTorchExport.WriteScripts(scratch, definition);
            SafetensorsFile.Write(Path.Combine(scratch, PyTorchExport.WeightsFile), model.state_dict(), metadata);
            var script = Path.Combine(scratch, Script);
            AtomicFile.WriteAllText(script, ReadScript());
            var metadataFile = Path.Combine(scratch, "metadata.json");
            AtomicFile.WriteAllText(metadataFile, JsonSerializer.Serialize(metadata));
            var exported = Path.Combine(scratch, ModelFile);
            var (exitCode, output) = python.Run(scratch, script, scratch, exported, metadataFile);
            if (exitCode != 0 || !File.Exists(exported))
            {
                throw new OnnxExportException($"torch.onnx.export ({python.Executable}) failed with exit code {exitCode}:\n{output.Trim()}");
            }

            var target = Path.Combine(folder, ModelFile);
            AtomicFile.Write(target, stream =>
            {
                using var source = File.OpenRead(exported);
                source.CopyTo(stream);
            });
            return target;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// The metadata properties of a trained model's ONNX file: what its safetensors header holds (<see cref="ModelMetadata"/>)
    /// but <c>format</c>, which names the safetensors framework convention.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Properties(ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var properties = new Dictionary<string, string>(metadata.ToDictionary());
        properties.Remove(ModelMetadata.FormatKey);
        return properties;
    }

    private static string ReadScript()
    {
        using var stream = typeof(OnnxExport).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Par.Runtime was built without its embedded {Script}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
