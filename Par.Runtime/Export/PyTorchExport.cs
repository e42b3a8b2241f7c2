using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using static TorchSharp.torch;

namespace Par.Runtime.Export;

/// <summary>
/// The PyTorch back-end of a <c>.par</c> model: a folder with <c>par_model.py</c> (a self-contained PyTorch module for
/// the model, with its architecture built in), <c>train.py</c> (torchrun / DistributedDataParallel training),
/// <c>bench.py</c> (the paper's latency protocol) and, given weights, <c>model.safetensors</c> with
/// <see cref="ModelMetadata"/>. The scripts are the files under <c>Export/PyTorch/</c>, embedded in this assembly.
/// </summary>
public static class PyTorchExport
{
    public const string ModuleFile = "par_model.py";
    public const string TrainScript = "train.py";
    public const string BenchScript = "bench.py";
    public const string WeightsFile = "model.safetensors";

    private const string ResourcePrefix = "Par.Runtime.Export.PyTorch.";

    /// <summary>Writes the scripts for <paramref name="model"/> into <paramref name="folder"/> (created if needed); returns the files written.</summary>
    public static IReadOnlyList<string> WriteScripts(string folder, ParModel model)
    {
        var config = ModelMetadata.ConfigJson(model);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var script in new[] { ModuleFile, TrainScript, BenchScript })
        {
            var text = ReadResource(script)
                .Replace("{{PAR_CONFIG}}", config, StringComparison.Ordinal)
                .Replace("{{PAR_TEXT}}", ParPrinter.Print(model), StringComparison.Ordinal)
                .Replace("{{PAR_VERSION}}", ModelMetadata.ParVersion, StringComparison.Ordinal);
            var path = Path.Combine(folder, script);
            File.WriteAllText(path, text);
            written.Add(path);
        }

        return written;
    }

    /// <summary>Writes the scripts and the weights of a trained <paramref name="model"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(string folder, nn.Module model, ModelMetadata metadata)
    {
        var written = WriteScripts(folder, metadata.Model).ToList();
        var weights = Path.Combine(folder, WeightsFile);
        SafetensorsWeights.Export(model, weights, metadata);
        written.Add(weights);
        return written;
    }

    private static string ReadResource(string script)
    {
        using var stream = typeof(PyTorchExport).Assembly.GetManifestResourceStream(ResourcePrefix + script)
            ?? throw new InvalidOperationException($"Par.Runtime was built without its embedded {script}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
